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

export type TestDb = Db & {
  /** The URL the test's servers connect to (through the pooler when there is one); null on PGlite. */
  readonly url: string | null;
  /** The environment a Latchkey process needs to reach this database (DATABASE_URL and the pooler's settings); empty on PGlite. */
  readonly processEnv: Record<string, string>;
  dispose(): Promise<void>;
};

export const testDatabaseUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

/**
 * The test command's PostgreSQL: DATABASE_URL, and with
 * LATCHKEY_DB_POOLER=transaction (DATABASE_URL is then a PgBouncer in
 * transaction mode) the direct LATCHKEY_MIGRATION_DATABASE_URL, on which
 * databases are created, dropped and migrated: the pooler keeps server
 * connections open, which CREATE DATABASE ... TEMPLATE and RENAME refuse.
 */
export type TestPostgres = { url: string; directUrl: string; pooler?: 'transaction' };

export function testPostgres(): TestPostgres | undefined {
  const url = testDatabaseUrl();
  if (!url) return undefined;
  if (process.env.LATCHKEY_DB_POOLER !== 'transaction') return { url, directUrl: url };
  const directUrl = process.env.LATCHKEY_MIGRATION_DATABASE_URL;
  if (!directUrl) throw new Error('LATCHKEY_DB_POOLER=transaction needs LATCHKEY_MIGRATION_DATABASE_URL, a direct URL, for the tests');
  return { url, directUrl, pooler: 'transaction' };
}

let pgliteSnapshot: Promise<Blob> | undefined;
let postgresTemplate: Promise<string> | undefined;

async function migrationsFingerprint(): Promise<string> {
  const list = await readMigrations();
  const hash = createHash('sha256');
  for (const dir of list.migrationDirectories) hash.update(dir.path).update(JSON.stringify(dir.migrationFile.content));
  return hash.digest('hex').slice(0, 16);
}

export const withDatabase = (url: string, name: string): string => {
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

async function createPostgresTestDb({ url, directUrl, pooler }: TestPostgres, migrated: boolean): Promise<TestDb> {
  const template = migrated ? await templateFor(directUrl) : 'template0';
  const name = `latchkey_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await admin(directUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const dbUrl = withDatabase(url, name);
  const migrationUrl = withDatabase(directUrl, name);
  const db = await createDb({ url: dbUrl, poolSize: 20, ...(pooler ? { pooler, migrationUrl } : {}) });
  return {
    ...db,
    url: dbUrl,
    processEnv: {
      DATABASE_URL: dbUrl,
      ...(pooler ? { LATCHKEY_DB_POOLER: pooler, LATCHKEY_MIGRATION_DATABASE_URL: migrationUrl } : {}),
    },
    async dispose() {
      await db.close();
      // FORCE also ends the pooler's server connections to it.
      await admin(directUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
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
    return { ...db, url: null, processEnv: {}, dispose: () => db.close() };
  }
  pgliteSnapshot ??= migratedPGliteSnapshot();
  const pglite = await openPGlite({ loadDataDir: await pgliteSnapshot });
  const db = await createDb({ pglite });
  return { ...db, url: null, processEnv: {}, dispose: () => db.close() };
}

/**
 * A fresh database: PostgreSQL when DATABASE_URL is set, PGlite in memory
 * otherwise; migrated unless `{ migrated: false }`.
 */
export function createTestDb({ migrated = true }: { migrated?: boolean } = {}): Promise<TestDb> {
  const postgres = testPostgres();
  return postgres ? createPostgresTestDb(postgres, migrated) : createPGliteTestDb(migrated);
}

/**
 * Takes one of the database's pooled connections and keeps it in an open
 * transaction until the returned function is called (which resolves once
 * it is back in the pool): with a pool of one, every other query waits.
 */
export async function holdConnection(db: Pick<Db, 'transaction'>): Promise<() => Promise<void>> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let taken = () => {};
  const started = new Promise<void>((resolve) => {
    taken = resolve;
  });
  const done = db.transaction(async (sql) => {
    await sql('SELECT 1');
    taken();
    await released;
  });
  await started;
  return async () => {
    release();
    await done;
  };
}
