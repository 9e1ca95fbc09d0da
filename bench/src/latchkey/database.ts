import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type Db } from '@latchkey/db';

export type BenchDatabase =
  | { kind: 'postgres'; url: string; name: string; describe: string; backendPids(): Promise<number[]>; drop(): Promise<void> }
  | { kind: 'pglite'; dataDir: string; pgliteDir: string; describe: string; drop(): Promise<void> };
type PostgresDatabase = Extract<BenchDatabase, { kind: 'postgres' }>;

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const db = await createDb({ url: serverUrl, poolSize: 1 });
  try {
    await db.prisma.$executeRawUnsafe(sql);
  } finally {
    await db.close();
  }
}

/** A fresh database on the PostgreSQL server of `serverUrl`, dropped by `drop()`. */
export async function createPostgresDatabase(serverUrl: string): Promise<PostgresDatabase> {
  const name = `latchkey_bench_${process.pid}_${Date.now().toString(36)}`;
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const version = await (async () => {
    const db = await createDb({ url: url.toString(), poolSize: 1 });
    try {
      const rows = await db.prisma.$queryRawUnsafe<{ server_version: string }[]>('SHOW server_version');
      return rows[0]?.server_version ?? '?';
    } finally {
      await db.close();
    }
  })();
  // One connection of the bench's own, to find the backends serving the bench database (their CPU time is measured).
  let observer: Promise<Db> | null = null;
  return {
    kind: 'postgres',
    url: url.toString(),
    name,
    describe: `PostgreSQL ${version.split(' ')[0]} (local, fresh database)`,
    async backendPids() {
      observer ??= createDb({ url: url.toString(), poolSize: 1 });
      const rows = await (await observer).prisma.$queryRawUnsafe<{ pid: number }[]>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      return rows.map((r) => Number(r.pid));
    },
    async drop() {
      if (observer) await (await observer).close();
      await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** An embedded (PGlite) database in a temporary data directory, removed by `drop()`. */
export async function createEmbeddedDatabase(): Promise<BenchDatabase> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'latchkey-bench-data-'));
  return {
    kind: 'pglite',
    dataDir,
    pgliteDir: path.join(dataDir, 'pglite'),
    describe: 'embedded PGlite (auth + api in one process)',
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}
