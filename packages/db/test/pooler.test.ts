import { describe, expect, it } from 'vitest';
import { checkDatabaseEnv, createDb, databaseEnvSchema, databaseOptions } from '../src/index.js';
import { createTestDb, type TestDb, testPostgres, withDatabase } from '../src/testing.js';

const parseEnv = (env: Record<string, string>) => databaseEnvSchema.superRefine(checkDatabaseEnv).safeParse(env);

describe('LATCHKEY_DB_POOLER', () => {
  it('is off by default and needs PostgreSQL and a direct migration URL when on', () => {
    const direct = parseEnv({ DATABASE_URL: 'postgresql://db:5432/latchkey' });
    expect(direct.success && databaseOptions(direct.data)).toEqual({
      url: 'postgresql://db:5432/latchkey',
      poolSize: 10,
      poolWaitMs: 10_000,
    });

    const pooled = parseEnv({
      DATABASE_URL: 'postgresql://pgbouncer:6432/latchkey',
      LATCHKEY_DB_POOLER: 'transaction',
      LATCHKEY_MIGRATION_DATABASE_URL: 'postgresql://db:5432/latchkey',
    });
    expect(pooled.success && databaseOptions(pooled.data)).toEqual({
      url: 'postgresql://pgbouncer:6432/latchkey',
      poolSize: 10,
      poolWaitMs: 10_000,
      pooler: 'transaction',
      migrationUrl: 'postgresql://db:5432/latchkey',
    });

    const problems = (env: Record<string, string>) => {
      const result = parseEnv(env);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ LATCHKEY_DB_POOLER: 'transaction' })).toEqual(['LATCHKEY_DB_POOLER: a pooler needs PostgreSQL (DATABASE_URL)']);
    expect(problems({ DATABASE_URL: 'postgresql://pgbouncer:6432/latchkey', LATCHKEY_DB_POOLER: 'transaction' })).toEqual([
      'LATCHKEY_MIGRATION_DATABASE_URL: required with LATCHKEY_DB_POOLER=transaction: a direct (unpooled) URL of the same database, for migrations',
    ]);
    expect(problems({ DATABASE_URL: 'postgresql://db/x', LATCHKEY_DB_POOLER: 'session' })).toHaveLength(1);
    expect(problems({ DATABASE_URL: 'postgresql://db/x', LATCHKEY_MIGRATION_DATABASE_URL: 'mysql://db/x' })).toHaveLength(1);
  });
});

/** The test database's direct URL (the suite may run through a pooler, which would hide what one connection holds). */
const directUrl = (t: TestDb) => withDatabase(testPostgres()!.directUrl, new URL(t.url!).pathname.slice(1));

// PostgreSQL only: which statements a server connection keeps prepared.
describe.runIf(Boolean(testPostgres()))('statements on PostgreSQL', () => {
  const prepared = async (pooler: 'transaction' | undefined) => {
    const t = await createTestDb();
    // One connection, so the second query sees what the first left prepared on it.
    const url = directUrl(t);
    const db = await createDb({ url, poolSize: 1, ...(pooler ? { pooler, migrationUrl: url } : {}) });
    try {
      await db.sql('SELECT $1::int AS n', [1]);
      const rows = await db.sql<{ name: string }>("SELECT name FROM pg_prepared_statements WHERE name LIKE 'lk\\_%'");
      return rows.map((r) => r.name);
    } finally {
      await db.close();
      await t.dispose();
    }
  };

  it('are named (prepared once per connection) on a direct connection', async () => {
    // The first query's and this one's.
    expect(await prepared(undefined)).toHaveLength(2);
  });

  it('are unnamed behind a transaction pooler: nothing stays prepared on the server connection', async () => {
    expect(await prepared('transaction')).toEqual([]);
  });

  it('migrate through the direct URL behind a pooler, and refuse without one', async () => {
    const t = await createTestDb({ migrated: false });
    const withoutDirect = await createDb({ url: directUrl(t), pooler: 'transaction' });
    try {
      await expect(withoutDirect.migrate()).rejects.toThrow(/LATCHKEY_MIGRATION_DATABASE_URL/);
    } finally {
      await withoutDirect.close();
    }
    const withDirect = await createDb({ url: 'postgresql://127.0.0.1:1/unreachable', pooler: 'transaction', migrationUrl: directUrl(t) });
    try {
      expect((await withDirect.migrate()).length).toBeGreaterThan(0);
    } finally {
      await withDirect.close();
      await t.dispose();
    }
  });
});
