import { basicAuth, createAdminClients, postForm, type RunningAuth, startAuthServer, TEST_SECRET_KEY } from '@latchkey/auth/testing';
import { ADMIN_BATCH_MAX, CLOCK_TOLERANCE_SECONDS } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { freePort } from '@latchkey/db/free-port';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { createRemoteJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRouter, type ApiServerDeps, createApiServer } from '../src/index.js';
import { testPolicy } from './setup.js';

const ADMIN_SECRET = 'lks_http-admin-secret-0123456789abcdefghijk';
let db: TestDb;
let auth: RunningAuth;
let api: { url: string; close(): Promise<void> };
const closers: (() => Promise<void>)[] = [];
// The auth server's clock follows real time until a test moves it.
let authNow: Date | null = null;
const authClock = {
  now: () => authNow ?? new Date(),
  set: (at: Date) => {
    authNow = at;
  },
};

async function startApi(overrides: Partial<ApiServerDeps> = {}) {
  // The api seals signing keys it rotates: it must share the auth server's secret key.
  const running = await createApiServer({
    db,
    policy: testPolicy,
    secretBox: createSecretBox(TEST_SECRET_KEY),
    issuer: auth.issuer,
    ...overrides,
  }).listen(0, '127.0.0.1');
  closers.push(running.close);
  return running;
}

/** A real access token from Latchkey's token endpoint (client credentials). */
async function tokenFor(clientId: string, scope?: string): Promise<string> {
  const { status, body } = await postForm(
    `${auth.url}/token`,
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
    { authorization: basicAuth(clientId, ADMIN_SECRET) },
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return String(body.access_token);
}

const clientFor = (url: string, token?: string) =>
  createTRPCClient<AdminRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });

const get = async (url: string, headers: Record<string, string> = {}) => {
  const response = await fetch(url, { headers });
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answers
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
};

beforeAll(async () => {
  db = await createTestDb();
  await createAdminClients(db, ADMIN_SECRET);
  auth = await startAuthServer(db, { clientCacheMs: 0, clock: authClock.now });
  api = await startApi();
});
afterAll(async () => {
  for (const close of closers) await close();
  await auth?.close();
  await db?.dispose();
});

describe('health', () => {
  it('answers liveness at / and /healthz, readiness at /readyz, 404 elsewhere', async () => {
    for (const path of ['/', '/healthz', '/readyz']) {
      const { status, body, headers } = await get(`${api.url}${path}`);
      expect([path, status, body]).toEqual([path, 200, { status: 'ok' }]);
      expect(headers.get('content-type')).toBe('application/json');
    }
    expect(await get(`${api.url}/nope`)).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('is not ready when the database is gone', async () => {
    const gone = await createTestDb();
    await gone.dispose();
    const broken = await startApi({ db: gone });
    expect(await get(`${broken.url}/readyz`)).toMatchObject({ status: 503, body: { status: 'unavailable' } });
    expect((await get(`${broken.url}/healthz`)).status).toBe(200);
  });
});

describe('authentication over HTTP', () => {
  const expectUnauthorized = async (headers: Record<string, string>) => {
    const { status, body, headers: answer } = await get(`${api.url}/trpc/customers.list`, headers);
    expect(status).toBe(401);
    expect(body.error).toMatchObject({
      message: expect.any(String),
      data: { code: 'UNAUTHORIZED', httpStatus: 401, path: 'customers.list', latchkeyCode: 'access_token_invalid', zodError: null },
    });
    expect(body.error.data).not.toHaveProperty('stack');
    expect(answer.get('www-authenticate')).toBe('Bearer realm="latchkey-admin"');
  };

  it('answers no token with 401 UNAUTHORIZED', () => expectUnauthorized({}));
  it('answers garbage, another scheme and an unsigned token with 401', async () => {
    await expectUnauthorized({ authorization: 'Bearer not.a.jwt' });
    await expectUnauthorized({ authorization: `Basic ${Buffer.from('back-office:x').toString('base64')}` });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: auth.issuer,
        aud: auth.issuer,
        client_id: 'back-office',
        scope: 'admin:read admin:write',
        exp: Math.floor(Date.now() / 1000) + 60,
      }),
    ).toString('base64url');
    await expectUnauthorized({ authorization: `Bearer ${header}.${payload}.` });
  });

  it('answers a token signed by a key the issuer never published with 401', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ client_id: 'back-office', scope: 'admin:read admin:write' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: (await exportJWK(publicKey)).x! })
      .setIssuer(auth.issuer)
      .setAudience(auth.issuer)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expectUnauthorized({ authorization: `Bearer ${forged}` });
  });

  it('answers a real token with a flipped signature byte, for another audience, or expired, with 401', async () => {
    const token = await tokenFor('back-office');
    const [h, p, s] = token.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    await expectUnauthorized({ authorization: `Bearer ${flipped}` });
    const elsewhere = await startApi({ audience: 'https://other-api.example.com' });
    expect((await get(`${elsewhere.url}/trpc/customers.list`, { authorization: `Bearer ${token}` })).status).toBe(401);
    const tomorrow = await startApi({ clock: () => new Date(Date.now() + 24 * 3600_000) });
    expect((await get(`${tomorrow.url}/trpc/customers.list`, { authorization: `Bearer ${token}` })).status).toBe(401);
    // The control: the same token, unaltered, on the api it was issued for.
    expect((await get(`${api.url}/trpc/customers.list`, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('judges a token it verified before against its clock again on every call', async () => {
    const token = await tokenFor('back-office');
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { exp: number };
    let now = Date.now();
    const moving = await startApi({ clock: () => new Date(now) });
    const call = async () => (await get(`${moving.url}/trpc/customers.list`, { authorization: `Bearer ${token}` })).status;
    expect(await call()).toBe(200);
    expect(await call()).toBe(200);
    // Past exp and the tolerance: the same text, verified a moment ago, is refused.
    now = (exp + CLOCK_TOLERANCE_SECONDS) * 1000;
    expect(await call()).toBe(401);
    now = (exp + CLOCK_TOLERANCE_SECONDS) * 1000 - 1000;
    expect(await call()).toBe(200);
    now = (exp + CLOCK_TOLERANCE_SECONDS) * 1000;
    expect(await call()).toBe(401);
  });

  it('answers 401, not 500, when the issuer cannot be reached', async () => {
    const token = await tokenFor('back-office');
    const port = await freePort();
    const orphan = await startApi({ issuer: `http://127.0.0.1:${port}` });
    expect((await get(`${orphan.url}/trpc/customers.list`, { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('the admin API over HTTP with tokens from Latchkey', () => {
  it('serves an admin client: ISO dates on the wire, audit with the caller and its IP', async () => {
    const admin = clientFor(api.url, await tokenFor('back-office'));
    const created = await admin.customers.create.mutate({
      email: 'wire@example.com',
      password: 'wire password',
      firstName: 'Wi',
      lastName: 'Re',
      emailVerified: true,
    });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await admin.customers.get.query({ id: created.id })).toEqual(created);
    const token = await admin.loginTokens.create.mutate({
      clientId: 'viewer',
      customerId: created.id,
      expiresAt: new Date(Date.now() + 3600_000),
    });
    const listed = await admin.loginTokens.list.query({ customerId: created.id, expiresAt: { from: new Date(Date.now()).toISOString() } });
    expect(listed.items.map((t) => t.id)).toEqual([token.id]);
    expect(JSON.stringify(listed)).not.toContain(token.token);
    const [event] = (await admin.audit.list.query({ subjectId: created.id, action: 'customer.create' })).items;
    expect(event).toMatchObject({
      actorType: 'client',
      actorId: 'back-office',
      clientId: 'back-office',
      ip: expect.stringMatching(/127\.0\.0\.1$/),
    });
  });

  it('takes the client IP from X-Forwarded-For only when told to trust a proxy, from the right, one entry per hop', async () => {
    const token = await tokenFor('back-office');
    const forwardedFor = { 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 10.0.0.1' };
    const through = (url: string) =>
      createTRPCClient<AdminRouter>({
        links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${token}`, ...forwardedFor } })],
      });
    const direct = through(api.url);
    const spoofed = await direct.companies.create.mutate({ name: 'Direct' });
    const oneHop = await through((await startApi({ trustProxy: true })).url).companies.create.mutate({ name: 'One hop' });
    const twoHops = await through((await startApi({ trustProxy: true, trustedProxyHops: 2 })).url).companies.create.mutate({
      name: 'Two hops',
    });
    const ipOf = async (subjectId: string) => (await direct.audit.list.query({ subjectId })).items[0]?.ip;
    expect(await ipOf(spoofed.id)).toMatch(/127\.0\.0\.1$/);
    // The client wrote 6.6.6.6; the nearest proxy wrote 10.0.0.1, the one before it 198.51.100.23.
    expect(await ipOf(oneHop.id)).toBe('10.0.0.1');
    expect(await ipOf(twoHops.id)).toBe('198.51.100.23');
  });

  it('lets a read-only client read and refuses its writes with 403 FORBIDDEN', async () => {
    const viewer = clientFor(api.url, await tokenFor('viewer'));
    expect((await viewer.customers.list.query({ limit: 1 })).items).toHaveLength(1);
    const refused = await viewer.companies.create.mutate({ name: 'Nope' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCClientError);
    expect((refused as TRPCClientError<AdminRouter>).data).toMatchObject({
      code: 'FORBIDDEN',
      httpStatus: 403,
      latchkeyCode: 'scope_required',
    });
  });

  it('narrows to the scope the client asked for', async () => {
    const readOnly = clientFor(api.url, await tokenFor('back-office', 'admin:read'));
    const refused = (await readOnly.companies.create
      .mutate({ name: 'Nope' })
      .catch((error: unknown) => error)) as TRPCClientError<AdminRouter>;
    expect(refused.data?.code).toBe('FORBIDDEN');
  });

  it('answers bad input with 400 and the zod issues, never a stack', async () => {
    const admin = clientFor(api.url, await tokenFor('back-office'));
    const refused = (await admin.loginTokens.list.query({ limit: 500 }).catch((error: unknown) => error)) as TRPCClientError<AdminRouter>;
    expect(refused.data).toMatchObject({
      code: 'BAD_REQUEST',
      httpStatus: 400,
      latchkeyCode: 'input_invalid',
      zodError: [{ path: ['limit'], code: 'too_big', message: expect.any(String) }],
    });
    expect(refused.data).not.toHaveProperty('stack');
    const raw = await fetch(`${api.url}/trpc/customers.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('back-office')}`, 'content-type': 'application/json' },
      body: '{"email": not json',
    });
    expect(raw.status).toBe(400);
    const malformed = await raw.json();
    expect(malformed.error.data.latchkeyCode).toBe('request_invalid');
    expect(JSON.stringify(malformed)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it(`caps a batch at ${ADMIN_BATCH_MAX} calls`, async () => {
    const token = await tokenFor('back-office');
    const batch = (n: number) => {
      const paths = Array.from({ length: n }, () => 'companies.list').join(',');
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, {}]));
      return fetch(`${api.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, {
        headers: { authorization: `Bearer ${token}` },
      });
    };
    expect((await batch(ADMIN_BATCH_MAX)).status).toBe(200);
    const refused = await batch(ADMIN_BATCH_MAX + 1);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain('request_invalid');
  });

  it('accepts tokens signed by a key rotated through the API: published first, then signing', async () => {
    // jose refetches a key set at most every 30 s; the 60 s publication delay
    // covers that in real time. Here the clocks jump, so this copy may refetch at once.
    const eager = await startApi({
      clock: authClock.now,
      jwks: createRemoteJWKSet(new URL(`${auth.issuer}/jwks`), { cooldownDuration: 0 }),
    });
    const admin = clientFor(eager.url, await tokenFor('back-office'));
    expect((await admin.keys.list.query()).filter((k) => k.state === 'active')).toHaveLength(1);
    const { kid, activatesAt } = await admin.keys.rotate.mutate();
    expect(await auth.auth.reloadKeys()).toBe(true);
    const kidOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid;
    const published = (await (await fetch(`${auth.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
    expect(published.keys.map((k) => k.kid)).toContain(kid);
    expect(kidOf(await tokenFor('back-office'))).not.toBe(kid);

    authClock.set(new Date(activatesAt));
    expect(await auth.auth.reloadKeys()).toBe(true);
    const fresh = await tokenFor('back-office');
    expect(kidOf(fresh)).toBe(kid);
    expect((await clientFor(eager.url, fresh).keys.list.query())[0]).toMatchObject({ kid, state: 'active' });
  });
});
