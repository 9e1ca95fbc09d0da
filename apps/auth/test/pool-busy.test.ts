import { createDb, type Db } from '@latchkey/db';
import { createTestDb, holdConnection, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createCustomer, postForm, type RunningAuth, startAuthServer } from '../src/testing.js';
import { isPostgres } from './setup.js';

// The token endpoint at the limit of its connection pool, on PostgreSQL
// (PGlite has no pool): a grant that waited past the pool's limit did
// nothing, and says so as 503 temporarily_unavailable, latchkey_code
// server_busy, with Retry-After, never as a 500.

let db: TestDb;
let authDb: Db;
let auth: RunningAuth;

beforeAll(async () => {
  db = await createTestDb();
  if (!db.url) return;
  await createClient(db, { extra: { storeHash: 'busy01', channelIds: [1] } });
  await createCustomer(db);
  authDb = await createDb({ url: db.url, poolSize: 1, poolWaitMs: 300 });
  auth = await startAuthServer(authDb, { clientCacheMs: 0 });
});

afterAll(async () => {
  await auth?.close();
  await authDb?.close();
  await db?.dispose();
});

const login = () =>
  postForm(`${auth.url}/token`, { grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' });

describe.runIf(isPostgres())('the token endpoint at its pool limit (PostgreSQL)', () => {
  it('answers 503 server_busy with Retry-After while every connection is held, and logs in once one is free', async () => {
    const letGo = await holdConnection(authDb);
    const busy = await login();
    expect(busy.status, JSON.stringify(busy.body)).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.body).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'the database is busy: retry shortly',
      latchkey_code: 'server_busy',
    });
    await letGo();
    const ok = await login();
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe.runIf(isPostgres())('the front doors at the pool limit (PostgreSQL)', () => {
  it('answer in their own shape with 503 and Retry-After, never as a failed login', async () => {
    const letGo = await holdConnection(authDb);
    const glue = await fetch(`${auth.url}/glue/storefront/access-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'access-tokens', attributes: { username: 'sonia@example.com', password: 'change123' } } }),
    });
    const b2b = await fetch(`${auth.url}/api/io/auth/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ storeHash: 'busy01', channelId: 1, name: 'busy', email: 'sonia@example.com', password: 'change123' }),
    });
    await letGo();
    expect(glue.status).toBe(503);
    expect(glue.headers.get('retry-after')).toBe('1');
    expect(await glue.json()).toEqual({
      errors: [{ status: 503, code: '503', detail: 'Service temporarily unavailable, retry shortly.' }],
    });
    expect(b2b.status).toBe(503);
    expect(b2b.headers.get('retry-after')).toBe('1');
    expect(await b2b.json()).toEqual({
      code: 503,
      data: { errMsg: 'The service is busy. Please try again shortly.' },
      meta: { message: 'Service unavailable' },
    });
  });
});
