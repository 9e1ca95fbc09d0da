import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSettings } from './load/settings.js';
import type { BenchOptions } from './options.js';

/** What every scenario and baseline is run with. */
export type BenchContext = {
  options: BenchOptions;
  run: RunSettings;
  /** For argon2-bound scenarios, whose answers take about a second under load: at least 3 s even in smoke mode. */
  slowRun: RunSettings;
  /** Where child processes write their logs (a temporary directory). */
  logDir: string;
  /** Progress lines on stderr; the table goes to stdout. */
  log(message: string): void;
};

const distDir = path.dirname(fileURLToPath(import.meta.url));

/** The monorepo root (bench/dist/..). */
export const repoRoot = path.resolve(distDir, '..', '..');

/** The compiled entry point of a bench child, e.g. `servers/oidc-provider.js`. */
export const childScript = (relative: string): string => path.join(distDir, relative);

/** Environment every measured server gets, Latchkey and baselines alike. */
export const serverEnv = { NODE_ENV: 'production' } as const;
