import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
      // One browser and one stack for the whole end-to-end file; its scenarios run in order.
      fileParallelism: false,
      // expect.poll waits for the page to settle (a list refetching after a filter); under a loaded CI that takes more than its 1 s default.
      expect: { poll: { timeout: 15_000, interval: 100 } },
    },
  }),
);
