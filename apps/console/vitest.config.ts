import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
      // One browser and one stack for the whole end-to-end file; its scenarios run in order.
      fileParallelism: false,
    },
  }),
);
