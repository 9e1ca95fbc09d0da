import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// `npm test`: the fast parts (fuzz). The long parts run with vitest.long.config.ts.
export default mergeConfig(shared, defineConfig({ test: { exclude: [...configDefaults.exclude, 'test/long/**'] } }));
