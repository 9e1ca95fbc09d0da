import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.js';

// The examples run as their users run them: built, one process each, against a started Latchkey.
export default mergeConfig(shared, defineConfig({ test: { testTimeout: 60_000 } }));
