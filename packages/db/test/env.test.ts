import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseEnvSchema, databaseOptions, describeDatabase, findRepoRoot } from '../src/index.js';

describe('database environment', () => {
  it('defaults to PGlite in .data/ at the repo root', () => {
    const root = findRepoRoot();
    expect(databaseOptions(databaseEnvSchema.parse({}), root)).toEqual({ dataDir: path.join(root, '.data', 'pglite') });
    expect(databaseOptions(databaseEnvSchema.parse({ LATCHKEY_DATA_DIR: 'memory://' }), root)).toEqual({ dataDir: 'memory://' });
  });

  it('uses PostgreSQL for a postgres URL and refuses anything else', () => {
    const env = databaseEnvSchema.parse({ DATABASE_URL: 'postgresql://u:pw@db:5432/latchkey', LATCHKEY_DB_POOL_SIZE: '5' });
    expect(databaseOptions(env)).toEqual({ url: 'postgresql://u:pw@db:5432/latchkey', poolSize: 5, poolWaitMs: 10_000 });
    expect(describeDatabase(databaseOptions(env))).toBe('PostgreSQL postgresql://u:***@db:5432/latchkey');
    expect(databaseEnvSchema.safeParse({ DATABASE_URL: 'mysql://x' }).success).toBe(false);
    expect(databaseEnvSchema.parse({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });

  it('bounds the wait for a pooled connection', () => {
    const url = 'postgresql://db/latchkey';
    expect(databaseOptions(databaseEnvSchema.parse({ DATABASE_URL: url, LATCHKEY_DB_POOL_WAIT_MS: '2500' }))).toMatchObject({
      poolWaitMs: 2500,
    });
    for (const wait of ['0', '50', 'soon', '1e9'])
      expect(databaseEnvSchema.safeParse({ DATABASE_URL: url, LATCHKEY_DB_POOL_WAIT_MS: wait }).success).toBe(false);
  });

  it('finds the monorepo root from inside a package', () => {
    expect(findRepoRoot(path.join(findRepoRoot(), 'packages', 'db', 'src'))).toBe(findRepoRoot());
  });
});
