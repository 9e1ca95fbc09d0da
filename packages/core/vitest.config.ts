import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      coverage: {
        provider: 'v8',
        include: ['src/**/*.ts'],
        exclude: ['src/index.ts', 'src/subjects.ts'],
        thresholds: { branches: 100, lines: 100, functions: 100, statements: 100 },
        reporter: ['text-summary'],
      },
    },
  }),
);
