import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type DbOptions, isPostgresUrl } from './create-db.js';

/** The database part of every app's environment. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || isPostgresUrl(value), 'must be a postgres:// or postgresql:// URL'),
  LATCHKEY_DATA_DIR: z.string().trim().min(1).optional(),
  LATCHKEY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export type DatabaseEnv = z.output<typeof databaseEnvSchema>;

/** The monorepo root (where turbo.json is), so `.data/` lands there whichever package runs. */
export function findRepoRoot(start: string = process.cwd()): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'turbo.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

/** Latchkey's data directory (LATCHKEY_DATA_DIR, default `.data/` at the repo root); null when in memory. */
export function dataDirectory(env: DatabaseEnv, root: string = findRepoRoot()): string | null {
  const dir = env.LATCHKEY_DATA_DIR ?? '.data';
  return dir.startsWith('memory://') ? null : path.resolve(root, dir);
}

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in `<data directory>/pglite`. */
export function databaseOptions(env: DatabaseEnv, root: string = findRepoRoot()): DbOptions {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, poolSize: env.LATCHKEY_DB_POOL_SIZE };
  const dir = dataDirectory(env, root);
  return { dataDir: dir ? path.join(dir, 'pglite') : 'memory://' };
}

/** Where a database is, for a log line, without the password of a URL. */
export function describeDatabase(options: DbOptions): string {
  if ('url' in options) {
    const url = new URL(options.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}`;
  }
  return 'dataDir' in options ? `PGlite ${options.dataDir}` : 'PGlite (in memory)';
}
