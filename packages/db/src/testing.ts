// Test support: a fresh, migrated database per call, in milliseconds.
// This is the one module outside an app's main.ts that reads process.env:
// the test command's DATABASE_URL picks PostgreSQL, as in production.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from './create-db.js';
import { readMigrations } from './migrations.js';
import { openPGlite } from './open-pglite.js';

export type TestDb = Db & { readonly url: string | null; dispose(): Promise<void> };

export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

let pgliteSnapshot: Promise<Blob> | undefined;
let postgresTemplate: Promise<string> | undefined;

async function migrationsFingerprint(): Promise<string> {
  const list = await readMigrations();
  const hash = createHash('sha256');
  for (const dir of list.migrationDirectories) hash.update(dir.path).update(JSON.stringify(dir.migrationFile.content));
  return hash.digest('hex').slice(0, 16);
}

const withDatabase = (url: string, name: string): string => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

async function admin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A migrated template database per set of migrations, built once (under a lock) and reused by every run. */
function templateFor(url: string): Promise<string> {
  postgresTemplate ??= (async () => {
    const name = `latchkey_tpl_${await migrationsFingerprint()}`;
    await admin(url, async (client) => {
      await client.query('SELECT pg_advisory_lock(727002)');
      try {
        const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (exists.rowCount) return;
        const building = `${name}_building`;
        await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
        await client.query(`CREATE DATABASE "${building}"`);
        const db = await createDb({ url: withDatabase(url, building), poolSize: 1 });
        try {
          await db.migrate();
        } finally {
          await db.close();
        }
        await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } finally {
        await client.query('SELECT pg_advisory_unlock(727002)');
      }
    });
    return name;
  })();
  return postgresTemplate;
}

async function createPostgresTestDb(url: string, migrated: boolean): Promise<TestDb> {
  const template = migrated ? await templateFor(url) : 'template0';
  const name = `latchkey_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(url, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const dbUrl = withDatabase(url, name);
  const db = await createDb({ url: dbUrl, poolSize: 20 });
  return {
    ...db,
    url: dbUrl,
    async dispose() {
      await db.close();
      await admin(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/**
 * A migrated PGlite data directory, cached on disk per set of migrations:
 * test files run in separate workers, and initdb plus migrations cost
 * seconds where loading the snapshot costs a few hundred milliseconds.
 */
async function migratedPGliteSnapshot(): Promise<Blob> {
  const file = path.join(tmpdir(), 'latchkey-test-cache', `pglite-${await migrationsFingerprint()}.tar`);
  const cached = await readFile(file).catch(() => null);
  if (cached) return new Blob([cached]);
  const db = await createDb({ dataDir: 'memory://' });
  await db.migrate();
  const snapshot = await db.pglite!.dumpDataDir('none');
  await db.close();
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, Buffer.from(await snapshot.arrayBuffer()));
  await rename(partial, file);
  return snapshot;
}

async function createPGliteTestDb(migrated: boolean): Promise<TestDb> {
  if (!migrated) {
    const db = await createDb({ dataDir: 'memory://' });
    return { ...db, url: null, dispose: () => db.close() };
  }
  pgliteSnapshot ??= migratedPGliteSnapshot();
  const pglite = await openPGlite({ loadDataDir: await pgliteSnapshot });
  const db = await createDb({ pglite });
  return { ...db, url: null, dispose: () => db.close() };
}

/**
 * A fresh database: PostgreSQL when DATABASE_URL is set, PGlite in memory
 * otherwise; migrated unless `{ migrated: false }`.
 */
export function createTestDb({ migrated = true }: { migrated?: boolean } = {}): Promise<TestDb> {
  const url = testDatabaseUrl();
  return url ? createPostgresTestDb(url, migrated) : createPGliteTestDb(migrated);
}
