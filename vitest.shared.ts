import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources in tests, so a test
// run needs no build step; production code resolves to dist/ (package.json).
export default defineConfig({
  resolve: { conditions: ['@latchkey/source'] },
  ssr: { resolve: { conditions: ['@latchkey/source'] } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
