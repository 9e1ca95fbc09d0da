import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type DbOptions, isPostgresUrl } from './create-db.js';
import { DEFAULT_POOL_WAIT_MS } from './sql-db.js';

const postgresUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined)
  .refine((value) => value === undefined || isPostgresUrl(value), 'must be a postgres:// or postgresql:// URL');

/** The database part of every app's environment; apply `checkDatabaseEnv` to the app's whole schema. */
export const databaseEnvSchema = z.object({
  DATABASE_URL: postgresUrl,
  LATCHKEY_DATA_DIR: z.string().trim().min(1).optional(),
  LATCHKEY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How long a query waits for a free pooled connection before it is answered 503 server_busy. */
  LATCHKEY_DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(DEFAULT_POOL_WAIT_MS),
  /**
   * `transaction`: DATABASE_URL is a pooler in transaction mode (PgBouncer's
   * `pool_mode = transaction`, a managed service's pooled endpoint), so no
   * statement may rely on session state; `none`: a direct connection.
   */
  LATCHKEY_DB_POOLER: z.enum(['none', 'transaction']).default('none'),
  /** A direct URL for migrations (Prisma's `directUrl`), needed behind a transaction pooler. */
  LATCHKEY_MIGRATION_DATABASE_URL: postgresUrl,
});

export type DatabaseEnv = z.output<typeof databaseEnvSchema>;

/**
 * The checks across fields (a superRefine, so apps can extend the object
 * schema first): behind a transaction pooler migrations need a direct URL,
 * because the schema engine's migration lock is a session advisory lock,
 * which a transaction pooler may take on one server connection and release
 * on another.
 */
export function checkDatabaseEnv(env: DatabaseEnv, ctx: z.RefinementCtx): void {
  if (env.LATCHKEY_DB_POOLER === 'none') return;
  if (!env.DATABASE_URL)
    ctx.addIssue({ code: 'custom', path: ['LATCHKEY_DB_POOLER'], message: 'a pooler needs PostgreSQL (DATABASE_URL)' });
  else if (!env.LATCHKEY_MIGRATION_DATABASE_URL)
    ctx.addIssue({
      code: 'custom',
      path: ['LATCHKEY_MIGRATION_DATABASE_URL'],
      message: 'required with LATCHKEY_DB_POOLER=transaction: a direct (unpooled) URL of the same database, for migrations',
    });
}

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
  if (env.DATABASE_URL)
    return {
      url: env.DATABASE_URL,
      poolSize: env.LATCHKEY_DB_POOL_SIZE,
      poolWaitMs: env.LATCHKEY_DB_POOL_WAIT_MS,
      ...(env.LATCHKEY_DB_POOLER === 'transaction' ? { pooler: 'transaction' as const } : {}),
      ...(env.LATCHKEY_MIGRATION_DATABASE_URL ? { migrationUrl: env.LATCHKEY_MIGRATION_DATABASE_URL } : {}),
    };
  const dir = dataDirectory(env, root);
  return { dataDir: dir ? path.join(dir, 'pglite') : 'memory://' };
}

/** Where a database is, for a log line, without the password of a URL. */
export function describeDatabase(options: DbOptions): string {
  if ('url' in options) {
    const url = new URL(options.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.toString()}${options.pooler ? ` (through a ${options.pooler} pooler)` : ''}`;
  }
  return 'dataDir' in options ? `PGlite ${options.dataDir}` : 'PGlite (in memory)';
}
