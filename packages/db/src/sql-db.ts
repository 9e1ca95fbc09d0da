import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import type { MigrateOptions } from './migrate.js';
import { openPGlite } from './open-pglite.js';
import { pgliteSql, pgSql, type Sql } from './sql.js';

export type DbOptions =
  /**
   * PostgreSQL, through pg (and Prisma's official pg adapter on it). `pooler: 'transaction'`
   * when `url` is a transaction pooler (PgBouncer): no named statements, and
   * migrations go to `migrationUrl`, a direct URL (taken for migrations
   * whenever it is given, like Prisma's `directUrl`).
   */
  | { url: string; poolSize?: number; poolWaitMs?: number; pooler?: 'transaction'; migrationUrl?: string }
  /** Embedded PGlite persisted in a directory ('memory://' keeps it in memory). */
  | { dataDir: string }
  /** An already opened PGlite (tests load one from a migrated snapshot). */
  | { pglite: PGlite };

/**
 * Latchkey's database without Prisma: the connections, raw SQL on them and
 * the maintenance around them. The auth server runs on this alone, so it
 * never loads the Prisma client (its JavaScript and query compiler cost
 * some 60 MB a process); `createDb` adds Prisma for the admin API.
 */
export type SqlDb = {
  readonly kind: 'pglite' | 'postgres';
  /** The PGlite instance behind an embedded database, for snapshots and VACUUM. */
  readonly pglite: PGlite | null;
  /** Parameterised SQL on the database's connections (see sql.ts). */
  readonly sql: Sql;
  /** Runs `work` in one transaction on one connection: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  /** Applies the checked-in migrations (loads the schema engine only when called). */
  migrate(options?: MigrateOptions): Promise<string[]>;
  /** Resolves when the database answers a query (readiness). */
  ping(): Promise<void>;
  /** This process's PostgreSQL connections (null on PGlite, which has none). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
};

/**
 * How long a query waits for a free connection of the pool before it fails
 * as busy (pool-busy.ts): a bounded wait turns overload into a 503 the
 * caller can retry, where an unbounded one holds every request until its
 * client gives up.
 */
export const DEFAULT_POOL_WAIT_MS = 10_000;

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

/** An opened database and, for Prisma (createDb) and migrations, the driver adapter on its connections. */
export type Opened = { db: SqlDb; adapter(): Promise<SqlMigrationAwareDriverAdapterFactory> };

const pingOn = (sql: Sql) => async (): Promise<void> => {
  await sql('SELECT 1');
};

const clientSql =
  (client: pg.PoolClient): Sql =>
  async (text, params = []) =>
    (await client.query({ text, values: params as unknown[] })).rows;

async function openPostgres(options: Extract<DbOptions, { url: string }>): Promise<Opened> {
  for (const url of [options.url, options.migrationUrl ?? options.url])
    if (!isPostgresUrl(url)) throw new Error('database URL must start with postgres:// or postgresql://');
  const pooled = options.pooler === 'transaction';
  // One pool for Prisma (when there is one) and the raw queries.
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.poolWaitMs ?? DEFAULT_POOL_WAIT_MS,
  });
  // An idle connection the server closed (restart, failover, DROP DATABASE) is
  // dropped by the pool and replaced on the next query; unhandled, its
  // 'error' event would end the process.
  pool.on('error', () => {});
  // A transaction pooler hands each transaction whichever server connection
  // is free: a statement prepared on one is missing on the next (or exists
  // there already), so behind one every statement is unnamed.
  const sql = pgSql(pool, { named: !pooled });
  const db: SqlDb = {
    kind: 'postgres',
    pglite: null,
    sql,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // Prisma's migration lock is a session advisory lock: taken and released
    // on pooled connections it can be released on another one and stay held.
    // Migrations get one connection of their own, closed afterwards.
    // Behind a transaction pooler even one client connection moves between
    // server connections, so migrations need the direct URL.
    async migrate(migrateOptions) {
      if (pooled && !options.migrationUrl)
        throw new Error('behind a transaction pooler, migrations need a direct URL (LATCHKEY_MIGRATION_DATABASE_URL)');
      const [{ applyMigrations }, { guardedPgFactory }] = await Promise.all([import('./migrate.js'), import('./pg-adapter.js')]);
      const single = new pg.Pool({ connectionString: options.migrationUrl ?? options.url, max: 1 });
      single.on('error', () => {});
      try {
        return await applyMigrations(guardedPgFactory(single), migrateOptions);
      } finally {
        await single.end();
      }
    },
    ping: pingOn(sql),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
  return { db, adapter: async () => (await import('./pg-adapter.js')).guardedPgFactory(pool) };
}

async function openEmbedded(options: Exclude<DbOptions, { url: string }>): Promise<Opened> {
  if ('dataDir' in options && !options.dataDir.startsWith('memory://')) await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pglite = 'pglite' in options ? options.pglite : await openPGlite({ dataDir: options.dataDir });
  let adapter: Promise<SqlMigrationAwareDriverAdapterFactory> | undefined;
  const adapterOnce = () => {
    adapter ??= import('./pglite-adapter.js').then(({ guardedPGliteFactory }) => guardedPGliteFactory(pglite));
    return adapter;
  };
  const sql = pgliteSql(pglite);
  const db: SqlDb = {
    kind: 'pglite',
    pglite,
    sql,
    transaction: (work) => pglite.transaction((tx) => work(pgliteSql(tx))),
    migrate: async (migrateOptions) => {
      const { applyMigrations } = await import('./migrate.js');
      return applyMigrations(await adapterOnce(), migrateOptions);
    },
    ping: pingOn(sql),
    poolStats: () => null,
    close: async () => (pglite.closed ? undefined : pglite.close()),
  };
  return { db, adapter: adapterOnce };
}

/** Opens a database and its driver adapter (for createDb); nothing connects until this is called. */
export const openDatabase = (options: DbOptions): Promise<Opened> => ('url' in options ? openPostgres(options) : openEmbedded(options));

/** Opens Latchkey's database for raw SQL only: no Prisma client is loaded. */
export async function createSqlDb(options: DbOptions): Promise<SqlDb> {
  return (await openDatabase(options)).db;
}
