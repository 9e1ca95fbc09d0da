import { parsePolicy } from '@latchkey/core';
import { revokeGrantIn } from '@latchkey/db';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { basicAuth, createClient, createCompanyUser, createCustomer, postForm } from '../src/testing.js';
import { manualClock, useAuthServer } from './setup.js';

const SECRET = 'introspection-secret-0123456789';
const clock = manualClock();
const policy = parsePolicy({
  lockout: { account: { maxFailures: 3 }, ip: { maxFailures: 1000 } },
  storefrontToken: { maxTtlSeconds: 7 * 86_400 },
});
const ids = { sonia: '', acme: '' };

const t = useAuthServer({ clock: clock.now, policy, trustProxy: true }, async (db) => {
  await createClient(db, {
    scopes: ['storefront'],
    corsOrigins: ['https://shop.example.com'],
    extra: { storeHash: '1234abcd', channelIds: [1, 1000234] },
  });
  await createClient(db, { id: 'other-store', extra: { storeHash: 'other', channelIds: [1], status: 'disabled' } });
  await createClient(db, {
    id: 'resource-server',
    type: 'confidential',
    secret: SECRET,
    grantTypes: ['client_credentials'],
    scopes: [],
    extra: { canIntrospect: true },
  });
  const sonia = await createCustomer(db, { email: 'user@example.com', password: 'MyPassword123' });
  ids.sonia = sonia.id;
  ids.acme = (await createCompanyUser(db, sonia.id)).companyUser.id;
  await createCustomer(db, { email: 'new@example.com', password: 'MyPassword123', verified: false });
  await createCustomer(db, { email: 'locked@example.com', password: 'MyPassword123' });
});

// The seed's own example request.
const SEED = {
  storeHash: '1234abcd',
  channelId: 1000234,
  name: 'customer storefront token',
  email: 'user@example.com',
  password: 'MyPassword123',
};

type Answer = { status: number; headers: Headers; body: Record<string, unknown> };

async function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch(`${t.server.url}/api/io/auth/customers`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

const failure = (status: number, errMsg: string) => ({ code: status, data: { errMsg }, meta: { message: 'API logic error' } });
const BAD_CREDENTIALS = 'The email or password you have entered is incorrect. Please try again.';
const now = () => Math.floor(clock.now().getTime() / 1000);
const tokenOf = (answer: Answer) => (answer.body.data as { token: string }).token;
const introspect = async (token: string) =>
  (await postForm(`${t.server.url}/token/introspection`, { token }, { authorization: basicAuth('resource-server', SECRET) })).body;

describe('POST /api/io/auth/customers', () => {
  it("answers the seed's shape with a Latchkey access token that lives a day", async () => {
    const answer = await post(SEED);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.body).toEqual({
      code: 200,
      data: { name: 'customer storefront token', token: expect.any(String) },
      meta: { message: 'SUCCESS' },
    });
    expect(Object.keys(answer.body)).toEqual(['code', 'data', 'meta']);
    const claims = await t.verify(tokenOf(answer));
    expect(claims).toMatchObject({ sub: ids.sonia, client_id: 'storefront', id_company_user: ids.acme, sub_type: 'customer' });
    expect(claims.permissions).toEqual([
      { key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } },
      { key: 'create_address' },
    ]);
    expect(claims.nbf).toBe(now());
    expect(claims.exp! - now()).toBe(86_400);
  });

  it('carries the claims of the native password grant (apart from jti, iat, exp, nbf and its own session)', async () => {
    const door = await t.verify(tokenOf(await post(SEED)));
    const native = await t.token({ grant_type: 'password', client_id: 'storefront', username: SEED.email, password: SEED.password });
    const strip = ({ jti: _j, iat: _i, exp: _e, nbf: _n, sid: _s, ...rest }: Record<string, unknown>) => rest;
    expect(strip(door)).toEqual(strip(await t.verify(String(native.body.access_token))));
  });

  it('takes beginAt and endAt as nbf and exp: inactive before beginAt, active inside, inactive after endAt', async () => {
    const beginAt = now() + 3600;
    const answer = await post({ ...SEED, beginAt, endAt: beginAt + 600 });
    expect(answer.status).toBe(200);
    const token = tokenOf(answer);
    expect(await introspect(token)).toEqual({ active: false });
    clock.advance(3600);
    expect(await introspect(token)).toMatchObject({ active: true, sub: ids.sonia, nbf: beginAt, exp: beginAt + 600 });
    clock.advance(601);
    expect(await introspect(token)).toEqual({ active: false });
  });

  it('is stored as a named session of its own, and revoking it makes it inactive', async () => {
    const token = tokenOf(await post({ ...SEED, name: 'punchout' }));
    // The test clock ran ahead of real time above: the signature was checked in the first test, the claims are read here.
    const claims = decodeJwt(token);
    const row = await t.db.prisma.storefrontToken.findFirstOrThrow({ where: { name: 'punchout' } });
    expect(row).toMatchObject({
      customerId: ids.sonia,
      companyUserId: ids.acme,
      clientId: 'storefront',
      grantId: claims.sid,
      revokedAt: null,
    });
    expect(row.expiresAt.getTime() / 1000).toBe(claims.exp);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await introspect(token)).toMatchObject({ active: true });
    // What storefrontTokens.revoke does (the admin API's own test calls it).
    await revokeGrantIn(t.db.prisma, row.grantId);
    expect(await introspect(token)).toEqual({ active: false });
  });

  it('caps endAt at the policy maximum', async () => {
    const claims = decodeJwt(tokenOf(await post({ ...SEED, endAt: now() + 365 * 86_400 })));
    expect(claims.exp! - now()).toBe(7 * 86_400);
  });

  it("applies the client's CORS origins as the password grant does", async () => {
    const json = { 'content-type': 'application/json' };
    expect((await post(SEED, { ...json, origin: 'https://shop.example.com' })).status).toBe(200);
    expect(await post(SEED, { ...json, origin: 'https://evil.example' })).toMatchObject({
      status: 400,
      body: failure(400, 'The request is not valid (is its Origin one of the client’s CORS origins?).'),
    });
  });

  it("answers a browser's preflight (the store, so the client, is named only in the body), 405 for other methods", async () => {
    const preflight = (method: string) =>
      fetch(`${t.server.url}/api/io/auth/customers`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example.com',
          'access-control-request-method': method,
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight('POST');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(allowed.headers.get('access-control-allow-methods')).toBe('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Content-Type');
    expect((await preflight('DELETE')).status).toBe(405);
  });

  it('answers identically for a wrong password and an unknown e-mail', async () => {
    const wrong = await post({ ...SEED, password: 'nope' });
    const unknown = await post({ ...SEED, email: 'nobody@example.com' });
    expect(wrong).toMatchObject({ status: 400, body: failure(400, BAD_CREDENTIALS) });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('keeps the password grant’s e-mail verification and lockout', async () => {
    expect(await post({ ...SEED, email: 'new@example.com' })).toMatchObject({
      status: 403,
      body: failure(403, 'Your email address has not been verified yet. Please verify it and try again.'),
    });
    for (let i = 0; i < 3; i++) await post({ ...SEED, email: 'locked@example.com', password: 'nope' });
    const locked = await post({ ...SEED, email: 'locked@example.com' });
    expect(locked).toMatchObject({ status: 429, body: failure(429, 'Too many failed login attempts. Please try again later.') });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses an unknown store or channel, a disabled client, missing fields and bad windows in its shape', async () => {
    const noStore = failure(404, 'No store with this storeHash and channelId.');
    expect(await post({ ...SEED, storeHash: 'nope' })).toMatchObject({ status: 404, body: noStore });
    expect(await post({ ...SEED, channelId: 7 })).toMatchObject({ status: 404, body: noStore });
    expect(await post({ ...SEED, storeHash: 'other', channelId: 1 })).toMatchObject({ status: 404, body: noStore });
    const { channelId: _c, ...defaultChannel } = SEED;
    expect((await post(defaultChannel)).status).toBe(200);
    expect(await post({ ...SEED, name: undefined })).toMatchObject({ status: 400, body: failure(400, 'name is required.') });
    expect(await post({ ...SEED, password: '' })).toMatchObject({ status: 400, body: failure(400, 'password is required.') });
    expect(await post({ ...SEED, channelId: 'one' })).toMatchObject({ status: 400, body: failure(400, 'channelId is invalid.') });
    expect(await post({ ...SEED, beginAt: 1.5 })).toMatchObject({ status: 400, body: failure(400, 'beginAt is invalid.') });
    expect(await post({ ...SEED, storeHash: 'a\u0000b' })).toMatchObject({ status: 400, body: failure(400, 'storeHash is invalid.') });
    expect(await post({ ...SEED, beginAt: now() + 100, endAt: now() + 100 })).toMatchObject({
      status: 400,
      body: failure(400, 'endAt must be after beginAt.'),
    });
    expect(await post({ ...SEED, beginAt: now() - 100, endAt: now() - 10 })).toMatchObject({
      status: 400,
      body: failure(400, 'endAt must be in the future.'),
    });
    expect(await post('{"storeHash":')).toMatchObject({ status: 400, body: failure(400, 'Request body is not valid JSON.') });
    for (const body of ['[]', 'null', '7']) expect((await post(body)).status).toBe(400);
    expect(await post({ ...SEED, password: 'x'.repeat(20_000) })).toMatchObject({
      status: 413,
      body: failure(413, 'Request body is too large.'),
    });
    expect((await post('a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    const get = await fetch(`${t.server.url}/api/io/auth/customers`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // No refused request stored a token.
    expect(await t.db.prisma.storefrontToken.count({ where: { name: { not: 'customer storefront token' } } })).toBe(1);
  });
});
