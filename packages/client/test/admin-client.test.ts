import { type ApiServerDeps, createApiServer } from '@latchkey/api';
import {
  basicAuth,
  type ClientFixture,
  createClient,
  postForm,
  type RunningAuth,
  startAuthServer,
  TEST_SECRET_KEY,
} from '@latchkey/auth/testing';
import { parsePolicy } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClientError, createAdminClient, LatchkeyAuthError, TRPCClientError } from '../src/index.js';
import { countingFetch, manualClock } from './setup.js';

const SECRET = 'lks_client-admin-secret-0123456789abcdefghij';
// argon2id at its cheapest: these tests are about the client, not the hash.
const policy = parsePolicy({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });

let db: TestDb;
let auth: RunningAuth;
let api: { url: string; close(): Promise<void> };
const closers: (() => Promise<void>)[] = [];

const startApi = async (overrides: Partial<ApiServerDeps> = {}) => {
  const running = await createApiServer({
    db,
    policy,
    secretBox: createSecretBox(TEST_SECRET_KEY),
    issuer: auth.issuer,
    ...overrides,
  }).listen(0, '127.0.0.1');
  closers.push(running.close);
  return running;
};

beforeAll(async () => {
  db = await createTestDb();
  const confidential: ClientFixture = { type: 'confidential', secret: SECRET, grantTypes: ['client_credentials'] };
  await createClient(db, { id: 'back-office', ...confidential, scopes: ['admin:read', 'admin:write'] });
  await createClient(db, { id: 'viewer', ...confidential, scopes: ['admin:read'] });
  auth = await startAuthServer(db, { clientCacheMs: 0 });
  api = await startApi();
});
afterAll(async () => {
  for (const close of closers) await close();
  await auth?.close();
  await db?.dispose();
});

function adminClient(clientId = 'back-office', options: { batch?: boolean; url?: string; issuer?: string; secret?: string } = {}) {
  const counter = countingFetch();
  const client = createAdminClient({
    url: options.url ?? api.url,
    issuer: options.issuer ?? auth.issuer,
    clientId,
    clientSecret: options.secret ?? SECRET,
    fetch: counter.fetch,
    batch: options.batch,
  });
  return { client, counter };
}

const rejection = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as AdminClientError,
  );

describe('createAdminClient with client credentials', () => {
  it('runs queries and mutations on one token, fetched once', async () => {
    const { client, counter } = adminClient();
    const created = await client.companies.create.mutate({ name: 'Typed GmbH' });
    expect(created).toMatchObject({ name: 'Typed GmbH', status: 'active' });
    expect(await client.companies.get.query({ id: created.id })).toEqual(created);
    const [listed, again] = await Promise.all([client.companies.list.query({ search: 'Typed' }), client.companies.list.query()]);
    expect(listed.items.map((company) => company.id)).toEqual([created.id]);
    expect(again.items.map((company) => company.id)).toContain(created.id);
    await client.companies.update.mutate({ id: created.id, status: 'disabled' });
    expect(counter.count('/token')).toBe(1);
  });

  it('shares one token request among concurrent first calls, and batches them', async () => {
    const { client, counter } = adminClient();
    await Promise.all(Array.from({ length: 5 }, () => client.customers.list.query({ limit: 1 })));
    expect(counter.count('/token')).toBe(1);
    expect(counter.countUnder('/trpc')).toBe(1);
    const unbatched = adminClient('back-office', { batch: false });
    await Promise.all(Array.from({ length: 3 }, () => unbatched.client.customers.list.query({ limit: 1 })));
    expect([unbatched.counter.count('/token'), unbatched.counter.countUnder('/trpc')]).toEqual([1, 3]);
  });

  it('refuses a mutation of a read-only client with FORBIDDEN', async () => {
    const { client } = adminClient('viewer');
    expect((await client.companies.list.query()).items.length).toBeGreaterThan(0);
    const refused = await rejection(client.companies.create.mutate({ name: 'Nope' }));
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(refused.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, path: 'companies.create' });
    expect(refused.message).toBe('scope admin:write is required');
  });

  it('answers bad input with BAD_REQUEST and the zod issues', async () => {
    const { client } = adminClient();
    const refused = await rejection(client.loginTokens.list.query({ limit: 500 }));
    expect(refused.data).toMatchObject({ code: 'BAD_REQUEST', zodError: [{ path: ['limit'], code: 'too_big' }] });
  });

  it('fails with the OAuth error when the token cannot be had', async () => {
    const { client, counter } = adminClient('back-office', { secret: 'lks_wrong-secret-0123456789abcdefghijklmn' });
    const refused = await rejection(client.customers.list.query());
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect(refused.cause).toBeInstanceOf(LatchkeyAuthError);
    expect(refused.cause).toMatchObject({ error: 'invalid_client', code: 'client_auth_failed', status: 401 });
    expect(counter.countUnder('/trpc')).toBe(0);
  });

  it('fetches a new token once and retries after a 401', async () => {
    // The servers share a clock that runs ahead of the client's: the cached token looks
    // fresh to the client and expired to the api, which answers 401.
    const clock = manualClock();
    const skewedAuth = await startAuthServer(db, { clientCacheMs: 0, clock: clock.now });
    closers.push(skewedAuth.close);
    const skewedApi = await startApi({ issuer: skewedAuth.issuer, clock: clock.now });
    const { client, counter } = adminClient('back-office', { url: skewedApi.url, issuer: skewedAuth.issuer });
    await client.customers.list.query({ limit: 1 });
    clock.advance(16 * 60);
    expect((await client.companies.create.mutate({ name: 'After the 401' })).name).toBe('After the 401');
    expect([counter.count('/token'), counter.countUnder('/trpc')]).toEqual([2, 3]);
    expect(await db.prisma.company.count({ where: { name: 'After the 401' } })).toBe(1);
  });
});

describe('createAdminClient with getAccessToken', () => {
  const tokenFor = async (clientId: string) =>
    String(
      (await postForm(`${auth.url}/token`, { grant_type: 'client_credentials' }, { authorization: basicAuth(clientId, SECRET) })).body
        .access_token,
    );

  it('sends the token it is given before every request', async () => {
    const token = await tokenFor('back-office');
    let calls = 0;
    const client = createAdminClient({
      url: api.url,
      getAccessToken: async () => {
        calls += 1;
        return token;
      },
    });
    await client.companies.list.query();
    await client.companies.create.mutate({ name: 'By hand' });
    expect(calls).toBe(2);
  });

  it('answers a refused token with UNAUTHORIZED, without retrying', async () => {
    const counter = countingFetch();
    const client = createAdminClient({ url: api.url, getAccessToken: () => 'not.a.jwt', fetch: counter.fetch });
    const refused = await rejection(client.companies.list.query());
    expect(refused.data).toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    expect(counter.countUnder('/trpc')).toBe(1);
  });
});
