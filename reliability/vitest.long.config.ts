import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// `npm run test:reliability`: races, crash and soak, one file at a time
// (each loads the machine and its timings would disturb the others).
const merged = mergeConfig(shared, defineConfig({ test: { fileParallelism: false, testTimeout: 20 * 60_000, hookTimeout: 5 * 60_000 } }));
export default { ...merged, test: { ...merged.test, include: ['test/long/**/*.test.ts'] } };
