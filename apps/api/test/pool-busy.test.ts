import {
  basicAuth,
  createAdminClients,
  createCustomer,
  postForm,
  type RunningAuth,
  startAuthServer,
  TEST_SECRET_KEY,
} from '@latchkey/auth/testing';
import { createDb, createSecretBox, type Db } from '@latchkey/db';
import { createTestDb, holdConnection, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiServer } from '../src/index.js';
import { testPolicy } from './setup.js';

// The admin API at the limit of its connection pool, on PostgreSQL (PGlite
// has no pool): a call that waits past the pool's limit is answered 503
// server_busy with Retry-After, and calls that wait less, searches among
// them, all succeed (a search once held an interactive Prisma transaction
// whose own 2 s limit turned such waits into 500s).

const ADMIN_SECRET = 'lks_pool-admin-secret-0123456789abcdefghijk';
let db: TestDb;
let auth: RunningAuth;
let token: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await createTestDb();
  if (!db.url) return;
  auth = await startAuthServer(db);
  closers.push(auth.close);
  await createAdminClients(db, ADMIN_SECRET);
  await createCustomer(db, { email: 'carla.busy@example.com' });
  const { status, body } = await postForm(
    `${auth.url}/token`,
    { grant_type: 'client_credentials' },
    { authorization: basicAuth('back-office', ADMIN_SECRET) },
  );
  expect(status, JSON.stringify(body)).toBe(200);
  token = String(body.access_token);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await db?.dispose();
});

/** The api on a pool of one connection of its own, and a way to hold that connection until released. */
async function apiOnOneConnection(poolWaitMs?: number) {
  const apiDb: Db = await createDb({ url: db.url!, poolSize: 1, ...(poolWaitMs ? { poolWaitMs } : {}) });
  const api = await createApiServer({
    db: apiDb,
    policy: testPolicy,
    secretBox: createSecretBox(TEST_SECRET_KEY),
    issuer: auth.issuer,
  }).listen(0, '127.0.0.1');
  closers.push(async () => {
    await api.close();
    await apiDb.close();
  });
  const hold = () => holdConnection(apiDb);
  const call = async (procedure: string, input: unknown) => {
    const response = await fetch(`${api.url}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answers
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as any };
  };
  return { hold, call };
}

describe.runIf(process.env.DATABASE_URL)('the admin API at its pool limit (PostgreSQL)', () => {
  it('answers 503 server_busy with Retry-After when no connection frees up in time, then serves again', async () => {
    const { hold, call } = await apiOnOneConnection(300);
    const letGo = await hold();
    for (const [procedure, input] of [
      ['loginTokens.list', { search: 'carla' }],
      ['customers.list', { search: 'carla' }],
      ['customers.list', {}],
    ] as const) {
      const answer = await call(procedure, input);
      expect(answer.status, `${procedure} ${JSON.stringify(answer.body)}`).toBe(503);
      expect(answer.retryAfter).toBe('1');
      expect(answer.body.error.data).toMatchObject({ code: 'SERVICE_UNAVAILABLE', httpStatus: 503, latchkeyCode: 'server_busy' });
      expect(answer.body.error.message).toBe('the database is busy: retry shortly');
    }
    await letGo();
    const after = await call('customers.list', { search: 'carla' });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    expect(after.body.result.data.items.map((c: { email: string }) => c.email)).toEqual(['carla.busy@example.com']);
  });

  it('serves searches that waited longer than Prisma’s own 2 s transaction wait', async () => {
    const { hold, call } = await apiOnOneConnection();
    // Warm the client lookup so every call below waits in the pool only.
    expect((await call('customers.list', {})).status).toBe(200);
    const letGo = await hold();
    const calls = [
      call('loginTokens.list', { search: 'carla' }),
      call('customers.list', { search: 'carla' }),
      call('companyUsers.list', { search: 'carla' }),
      call('agents.list', { search: 'carla' }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await letGo();
    for (const answer of await Promise.all(calls)) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });
});
