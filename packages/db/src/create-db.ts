import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrations, type MigrateOptions } from './migrate.js';
import { openPGlite } from './open-pglite.js';
import { guardedPgFactory } from './pg-adapter.js';
import { guardedPGliteFactory } from './pglite-adapter.js';
import { pgliteSql, pgSql, type Sql } from './sql.js';

export type DbOptions =
  /**
   * PostgreSQL, through Prisma's official pg adapter. `pooler: 'transaction'`
   * when `url` is a transaction pooler (PgBouncer): no named statements, and
   * migrations go to `migrationUrl`, a direct URL (taken for migrations
   * whenever it is given, like Prisma's `directUrl`).
   */
  | { url: string; poolSize?: number; pooler?: 'transaction'; migrationUrl?: string }
  /** Embedded PGlite persisted in a directory ('memory://' keeps it in memory). */
  | { dataDir: string }
  /** An already opened PGlite (tests load one from a migrated snapshot). */
  | { pglite: PGlite };

export type Db = {
  readonly prisma: PrismaClient;
  readonly kind: 'pglite' | 'postgres';
  /** The PGlite instance behind an embedded database, for snapshots and VACUUM. */
  readonly pglite: PGlite | null;
  /** Raw SQL on the same connections, for hot paths only (see sql.ts). */
  readonly sql: Sql;
  migrate(options?: MigrateOptions): Promise<string[]>;
  /** Resolves when the database answers a query (readiness). */
  ping(): Promise<void>;
  /** This process's PostgreSQL connections (null on PGlite, which has none). */
  poolStats(): { total: number; idle: number; waiting: number } | null;
  close(): Promise<void>;
};

export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//.test(url);

type Opened = {
  adapter: SqlMigrationAwareDriverAdapterFactory;
  pglite: PGlite | null;
  sql: Sql;
  end(): Promise<void>;
  migrate(options?: MigrateOptions): Promise<string[]>;
  poolStats(): { total: number; idle: number; waiting: number } | null;
};

async function openAdapter(options: DbOptions): Promise<Opened> {
  if ('url' in options) {
    for (const url of [options.url, options.migrationUrl ?? options.url])
      if (!isPostgresUrl(url)) throw new Error('database URL must start with postgres:// or postgresql://');
    const pooled = options.pooler === 'transaction';
    // One pool for Prisma and the raw hot-path queries.
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server closed (restart, failover, DROP DATABASE) is
    // dropped by the pool and replaced on the next query; unhandled, its
    // 'error' event would end the process.
    pool.on('error', () => {});
    return {
      adapter: guardedPgFactory(pool),
      pglite: null,
      // A transaction pooler hands each transaction whichever server connection
      // is free: a statement prepared on one is missing on the next (or exists
      // there already), so behind one every statement is unnamed.
      sql: pgSql(pool, { named: !pooled }),
      end: () => pool.end(),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      // Prisma's migration lock is a session advisory lock: taken and released
      // on pooled connections it can be released on another one and stay held.
      // Migrations get one connection of their own, closed afterwards.
      // Behind a transaction pooler even one client connection moves between
      // server connections, so migrations need the direct URL.
      migrate: async (migrateOptions) => {
        if (pooled && !options.migrationUrl)
          throw new Error('behind a transaction pooler, migrations need a direct URL (LATCHKEY_MIGRATION_DATABASE_URL)');
        const single = new pg.Pool({ connectionString: options.migrationUrl ?? options.url, max: 1 });
        single.on('error', () => {});
        try {
          return await applyMigrations(guardedPgFactory(single), migrateOptions);
        } finally {
          await single.end();
        }
      },
    };
  }
  if ('dataDir' in options && !options.dataDir.startsWith('memory://')) await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const pglite = 'pglite' in options ? options.pglite : await openPGlite({ dataDir: options.dataDir });
  const adapter = guardedPGliteFactory(pglite);
  return {
    adapter,
    pglite,
    sql: pgliteSql(pglite),
    end: async () => (pglite.closed ? undefined : pglite.close()),
    migrate: (migrateOptions) => applyMigrations(adapter, migrateOptions),
    poolStats: () => null,
  };
}

/** Opens Latchkey's database; nothing connects until this is called. */
export async function createDb(options: DbOptions): Promise<Db> {
  const { adapter, pglite, sql, end, migrate, poolStats } = await openAdapter(options);
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: pglite ? 'pglite' : 'postgres',
    pglite,
    sql,
    migrate,
    poolStats,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await prisma.$disconnect();
      await end();
    },
  };
}
