import { request } from 'node:http';
import { parsePolicy, TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { loggablePath } from '../src/http/access-log.js';
import { createAgent, createClient, createCompanyUser, createCustomer } from '../src/testing.js';
import { manualClock, useAuthServer } from './setup.js';

const clock = manualClock();
const policy = parsePolicy({ lockout: { account: { maxFailures: 3 }, ip: { maxFailures: 1000 } } });
const ids = { sonia: '', acme: '', other: '', karl: '', rep: '' };
const EXCHANGE = ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT];

const t = useAuthServer({ clock: clock.now, policy, trustProxy: true }, async (db) => {
  await createClient(db, { grantTypes: EXCHANGE, corsOrigins: ['https://shop.example.com'] });
  await createClient(db, { id: 'agent-console', subjectType: 'agent', grantTypes: EXCHANGE });
  await createClient(db, { id: 'no-password', grantTypes: ['refresh_token'] });
  await createClient(db, { id: 'machine', type: 'confidential', secret: 'machine-secret-0123456789', grantTypes: ['password'] });
  await createClient(db, { id: 'gone', extra: { status: 'disabled' } });
  const sonia = await createCustomer(db, { reference: 'DE--21' });
  ids.sonia = sonia.id;
  ids.acme = (await createCompanyUser(db, sonia.id)).companyUser.id;
  ids.other = (await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other' })).companyUser.id;
  const karl = await createCustomer(db, { email: 'karl@example.com', reference: 'DE--5' });
  ids.karl = karl.id;
  await createCompanyUser(db, karl.id, { companyName: 'Karl Inc' });
  await createCustomer(db, { email: 'new@example.com', verified: false });
  await createCustomer(db, { email: 'locked@example.com' });
  await createCustomer(db, { email: 'alone@example.com' });
  ids.rep = (await createAgent(db)).id;
  await createAgent(db, { email: 'lazy@example.com', roles: ['editor'] });
});

// biome-ignore lint/suspicious/noExplicitAny: JSON answers of many shapes, each checked with toEqual field by field
type Answer = { status: number; headers: Headers; body: Record<string, any> };

async function glue(path: string, body?: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<Answer> {
  const response = await fetch(`${t.server.url}/glue/${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.api+json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

const doc = (type: string, attributes: Record<string, unknown>) => ({ data: { type, attributes } });
const login = (username = 'sonia@example.com', password = 'change123', client = 'storefront') =>
  glue(`${client}/access-tokens`, doc('access-tokens', { username, password }));
const agentLogin = (username = 'rep@example.com', password = 'agent-pass-1') =>
  glue('agent-console/agent-access-tokens', doc('agent-access-tokens', { username, password }));
const errors = (status: number, code: string, detail: string) => ({ errors: [{ status, code, detail }] });
const expectError = (answer: Answer, status: number, code: string, detail: string) => {
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body: errors(status, code, detail) });
  expect(answer.headers.get('content-type')).toBe('application/vnd.api+json');
  expect(answer.headers.get('cache-control')).toBe('no-store');
};
const native = (form: Record<string, string>) => t.token({ client_id: 'storefront', ...form });
// Two logins are two sessions: they differ in `sid` (the grant) as well as in jti, iat and exp.
const sameClaims = (claims: Record<string, unknown>) => {
  const { jti: _j, iat: _i, exp: _e, sid: _s, ...rest } = claims;
  return rest;
};

describe('POST /access-tokens', () => {
  it("answers the seed's document: 201, Bearer, expiresIn, both tokens and the default company user", async () => {
    const answer = await login();
    expect(answer.status).toBe(201);
    expect(answer.headers.get('content-type')).toBe('application/vnd.api+json');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(answer.body.data)).toEqual(['type', 'id', 'attributes', 'links']);
    expect(Object.keys(answer.body.data.attributes)).toEqual(['tokenType', 'expiresIn', 'accessToken', 'refreshToken', 'idCompanyUser']);
    expect(answer.body).toEqual({
      data: {
        type: 'access-tokens',
        id: null,
        attributes: {
          tokenType: 'Bearer',
          expiresIn: 900,
          accessToken: expect.any(String),
          refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          idCompanyUser: ids.acme,
        },
        links: { self: `${t.server.url}/glue/storefront/access-tokens` },
      },
    });
  });

  it('issues the token the native password grant issues', async () => {
    const door = await login();
    const direct = await native({ grant_type: 'password', username: 'sonia@example.com', password: 'change123' });
    const [a, b] = [await t.verify(door.body.data.attributes.accessToken), await t.verify(String(direct.body.access_token))];
    expect(sameClaims(a)).toEqual(sameClaims(b));
    expect(a.sub).toBe(ids.sonia);
  });

  it('takes application/json too, and a customer without company user gets idCompanyUser null', async () => {
    const json = await glue('storefront/access-tokens', doc('access-tokens', { username: 'sonia@example.com', password: 'change123' }), {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(json.status).toBe(201);
    const alone = await login('alone@example.com');
    expect(alone.status).toBe(201);
    expect(alone.body.data.attributes.idCompanyUser).toBeNull();
  });

  it("applies the client's CORS origins as the token endpoint does (browsers send Origin on every POST)", async () => {
    const allowed = await glue('storefront/access-tokens', doc('access-tokens', { username: 'sonia@example.com', password: 'change123' }), {
      origin: 'https://shop.example.com',
    });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await glue('storefront/access-tokens', doc('access-tokens', { username: 'sonia@example.com', password: 'change123' }), {
      origin: 'https://evil.example',
    });
    expectError(other, 400, '400', 'Bad request.');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("answers a browser's preflight for the client's CORS origins, without CORS headers for others, 404 for no route", async () => {
    const preflight = (path: string, origin: string, method = 'POST') =>
      glue(
        path,
        undefined,
        { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization' },
        'OPTIONS',
      );
    const allowed = await preflight('storefront/access-tokens', 'https://shop.example.com');
    expect(allowed.status).toBe(204);
    const cors = [
      'access-control-allow-origin',
      'access-control-allow-methods',
      'access-control-allow-headers',
      'access-control-max-age',
      'vary',
    ];
    expect(Object.fromEntries(cors.map((name) => [name, allowed.headers.get(name)]))).toEqual({
      'access-control-allow-origin': 'https://shop.example.com',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'Accept, Accept-Language, Authorization, Content-Type, X-Agent-Authorization',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
    const mine = await preflight('storefront/refresh-tokens/mine', 'https://shop.example.com', 'DELETE');
    expect(mine.status).toBe(204);
    expect(mine.headers.get('access-control-allow-methods')).toBe('DELETE');
    const other = await preflight('storefront/access-tokens', 'https://evil.example');
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    for (const [path, method] of [
      ['storefront/access-tokens', 'DELETE'],
      ['storefront/refresh-tokens/mine', 'POST'],
      ['storefront/carts', 'POST'],
      ['gone/access-tokens', 'POST'],
      ['machine/access-tokens', 'POST'],
      ['nobody/access-tokens', 'POST'],
    ]) {
      const refused = await preflight(path!, 'https://shop.example.com', method);
      expectError(refused, 404, '404', 'Not Found');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers 003 alike for a wrong password and an unknown user, 403 for an unconfirmed address', async () => {
    const wrong = await login('sonia@example.com', 'nope');
    const unknown = await login('nobody@example.com', 'nope');
    expectError(wrong, 401, '003', 'Failed to authenticate user.');
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.status).toBe(wrong.status);
    expectError(await login('new@example.com', 'change123'), 403, '403', 'Failed to authenticate user.');
  });

  it('locks out with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await login('locked@example.com', 'nope')).status).toBe(401);
    const locked = await login('locked@example.com', 'change123');
    expectError(locked, 429, '429', 'Too many unsuccessful login attempts.');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers 901 once per bad attribute', async () => {
    expectError(
      await glue('storefront/access-tokens', doc('access-tokens', { username: 'sonia@example.com' })),
      422,
      '901',
      'password => This value should not be blank.',
    );
    const both = await glue('storefront/access-tokens', doc('access-tokens', { username: '', password: 42 }));
    expect(both.status).toBe(422);
    expect(both.body).toEqual({
      errors: [
        { status: 422, code: '901', detail: 'username => This value should not be blank.' },
        { status: 422, code: '901', detail: 'password => This value should be of type string.' },
      ],
    });
    const long = await glue('storefront/access-tokens', doc('access-tokens', { username: 'a'.repeat(321), password: 'x' }));
    expect(long.body.errors).toEqual([
      { status: 422, code: '901', detail: 'username => This value is too long. It should have 320 characters or less.' },
    ]);
  });

  it('answers malformed JSON, a wrong type, a wrong media type and an oversized body in its shape, never a 5xx', async () => {
    expectError(await glue('storefront/access-tokens', '{"data":'), 400, '400', 'Request body is not valid JSON.');
    const wrongType = 'Request body is not a JSON:API document of this resource type.';
    expectError(await glue('storefront/access-tokens', doc('refresh-tokens', { username: 'a', password: 'b' })), 400, '400', wrongType);
    for (const body of ['[]', 'null', '"x"', '{"data":[]}', '{"data":{"type":"access-tokens","attributes":[]}}']) {
      expect((await glue('storefront/access-tokens', body)).status).toBeLessThan(500);
    }
    expectError(
      await glue('storefront/access-tokens', 'username=a', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      '415',
      'Content-Type must be application/vnd.api+json or application/json.',
    );
    const huge = doc('access-tokens', { username: 'sonia@example.com', password: 'x'.repeat(20_000) });
    expectError(await glue('storefront/access-tokens', huge), 413, '413', 'Request body is too large.');
    // A streamed body without Content-Length meets the same limit.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.server.url}/glue/storefront/access-tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"data":"');
      req.end(`${'y'.repeat(20_000)}"}`);
    });
    expect(streamed).toBe(413);
  });

  it('is a 404 for an unknown, disabled or confidential client, a client without the grant, and unknown paths', async () => {
    const notFound = [404, '404', 'Not Found'] as const;
    for (const client of ['nobody', 'gone', 'machine', 'no-password', 'agent-console', '%zz']) {
      expectError(await login('sonia@example.com', 'change123', client), ...notFound);
    }
    expectError(await glue('storefront/customers', doc('customers', {})), ...notFound);
    expectError(await glue('storefront/access-tokens', undefined, {}, 'GET'), ...notFound);
    expectError(await glue('storefront/access-tokens/x', undefined, {}, 'DELETE'), ...notFound);
    expectError(await glue('storefront', undefined, {}, 'GET'), ...notFound);
    expectError(await glue('storefront/constructor', doc('constructor', {})), ...notFound);
  });
});

describe('refresh-tokens', () => {
  const refresh = (refreshToken: unknown) => glue('storefront/refresh-tokens', doc('refresh-tokens', { refreshToken }));

  it('rotates like the native grant: 201 with type refresh-tokens, then 004 for reuse after grace', async () => {
    const first = (await login()).body.data.attributes;
    const answer = await refresh(first.refreshToken);
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({
      type: 'refresh-tokens',
      id: null,
      attributes: { tokenType: 'Bearer', expiresIn: 900, idCompanyUser: ids.acme },
      links: { self: `${t.server.url}/glue/storefront/refresh-tokens` },
    });
    const rotated = answer.body.data.attributes.refreshToken;
    expect(rotated).not.toBe(first.refreshToken);
    // Inside the grace window, the lost answer is given again.
    expect((await refresh(first.refreshToken)).body.data.attributes.refreshToken).toBe(rotated);
    clock.advance(10);
    expectError(await refresh(first.refreshToken), 401, '004', 'Failed to refresh token.');
    // Reuse revoked the whole session.
    expectError(await refresh(rotated), 401, '004', 'Failed to refresh token.');
  });

  it('refuses an unknown token with 004 and a missing one with 901', async () => {
    expectError(await refresh('not-a-token'), 401, '004', 'Failed to refresh token.');
    expectError(await refresh(undefined), 422, '901', 'refreshToken => This value should not be blank.');
  });

  it('DELETE /refresh-tokens/{token} ends that session, 204 whatever it was', async () => {
    const { refreshToken, accessToken } = (await login()).body.data.attributes;
    const deleted = await glue(
      `storefront/refresh-tokens/${refreshToken}`,
      undefined,
      { authorization: `Bearer ${accessToken}` },
      'DELETE',
    );
    expect(deleted.status).toBe(204);
    expectError(await refresh(refreshToken), 401, '004', 'Failed to refresh token.');
    expect((await glue('storefront/refresh-tokens/unknown-token', undefined, {}, 'DELETE')).status).toBe(204);
  });

  it('never logs the refresh token in a DELETE path', () => {
    expect(loggablePath('/glue/storefront/refresh-tokens/q3R8secret')).toBe('/glue/storefront/refresh-tokens/:refreshToken');
    expect(loggablePath('/glue/storefront/refresh-tokens/mine')).toBe('/glue/storefront/refresh-tokens/mine');
    expect(loggablePath('/login/token/lkl_secret')).toBe('/login/token/:token');
    expect(loggablePath('/glue/storefront/access-tokens')).toBe('/glue/storefront/access-tokens');
  });

  it('DELETE /refresh-tokens/mine ends every session of the customer on this client', async () => {
    const one = (await login()).body.data.attributes;
    const two = (await login()).body.data.attributes;
    const karl = (await login('karl@example.com')).body.data.attributes;
    expectError(await glue('storefront/refresh-tokens/mine', undefined, {}, 'DELETE'), 403, '002', 'Missing access token.');
    expectError(
      await glue('storefront/refresh-tokens/mine', undefined, { authorization: 'Bearer nope' }, 'DELETE'),
      401,
      '001',
      'Invalid access token.',
    );
    const agent = (await agentLogin()).body.data.attributes.accessToken;
    expectError(
      await glue('storefront/refresh-tokens/mine', undefined, { authorization: `Bearer ${agent}` }, 'DELETE'),
      401,
      '001',
      'Invalid access token.',
    );
    const mine = await glue('storefront/refresh-tokens/mine', undefined, { authorization: `Bearer ${one.accessToken}` }, 'DELETE');
    expect(mine.status).toBe(204);
    for (const session of [one, two]) expectError(await refresh(session.refreshToken), 401, '004', 'Failed to refresh token.');
    expect((await refresh(karl.refreshToken)).status).toBe(201);
  });
});

describe('POST /company-user-access-tokens', () => {
  const switchTo = (idCompanyUser: unknown, token?: string) =>
    glue(
      'storefront/company-user-access-tokens',
      doc('company-user-access-tokens', { idCompanyUser }),
      token === undefined ? {} : { authorization: `Bearer ${token}` },
    );

  it('switches company user as the native exchange does', async () => {
    const { accessToken } = (await login()).body.data.attributes;
    const answer = await switchTo(ids.other, accessToken);
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body.data.attributes)).toEqual(['tokenType', 'expiresIn', 'accessToken', 'refreshToken', 'idCompanyUser']);
    expect(answer.body.data).toMatchObject({
      type: 'company-user-access-tokens',
      id: null,
      attributes: { tokenType: 'Bearer', idCompanyUser: ids.other },
    });
    const direct = await native({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: accessToken,
      subject_token_type: TokenType.accessToken,
      company_user_id: ids.other,
    });
    const door = await t.verify(answer.body.data.attributes.accessToken);
    expect(door.id_company_user).toBe(ids.other);
    expect(sameClaims(door)).toEqual(sameClaims(await t.verify(String(direct.body.access_token))));
  });

  it('answers 002 without a token, 001 for a bad token or a company user not the customer’s, 901 without idCompanyUser', async () => {
    const { accessToken } = (await login()).body.data.attributes;
    expectError(await switchTo(ids.other), 403, '002', 'Missing access token.');
    expectError(await switchTo(ids.other, 'garbage'), 401, '001', 'Invalid access token.');
    expectError(
      await glue('storefront/company-user-access-tokens', doc('company-user-access-tokens', { idCompanyUser: ids.other }), {
        authorization: 'Basic x',
      }),
      401,
      '001',
      'Invalid access token.',
    );
    const karlCu = (await t.db.prisma.companyUser.findFirstOrThrow({ where: { customerId: ids.karl } })).id;
    expectError(await switchTo(karlCu, accessToken), 401, '001', 'Failed to authenticate user.');
    expectError(await switchTo('not-a-uuid', accessToken), 401, '001', 'Failed to authenticate user.');
    expectError(await switchTo(undefined, accessToken), 422, '901', 'idCompanyUser => This value should not be blank.');
  });
});

describe('agents', () => {
  const impersonate = (customerReference: unknown, agentToken?: string) =>
    glue(
      'agent-console/agent-customer-impersonation-access-tokens',
      doc('agent-customer-impersonation-access-tokens', { customerReference }),
      agentToken === undefined ? {} : { 'x-agent-authorization': `Bearer ${agentToken}` },
    );

  it('logs an agent in on the agent client (201 agent-access-tokens), 4101 otherwise', async () => {
    const answer = await agentLogin();
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({ type: 'agent-access-tokens', id: null, attributes: { tokenType: 'Bearer', expiresIn: 900 } });
    expect(Object.keys(answer.body.data.attributes)).toEqual(['tokenType', 'expiresIn', 'accessToken', 'refreshToken']);
    expect((await t.verify(answer.body.data.attributes.accessToken)).sub).toBe(ids.rep);
    expectError(await agentLogin('rep@example.com', 'wrong'), 401, '4101', 'Failed to authenticate an agent.');
    expectError(await agentLogin('nobody@example.com', 'wrong'), 401, '4101', 'Failed to authenticate an agent.');
    expectError(
      await glue('storefront/agent-access-tokens', doc('agent-access-tokens', { username: 'rep@example.com', password: 'agent-pass-1' })),
      404,
      '404',
      'Not Found',
    );
  });

  it('impersonates a customer by reference: sub is the customer, act the agent, short and audited', async () => {
    const agent = (await agentLogin()).body.data.attributes.accessToken;
    const answer = await impersonate('DE--5', agent);
    expect(answer.status).toBe(201);
    expect(answer.body.data).toMatchObject({
      type: 'agent-customer-impersonation-access-tokens',
      id: null,
      attributes: { tokenType: 'Bearer', expiresIn: 300, refreshToken: null },
      links: { self: `${t.server.url}/glue/agent-console/agent-customer-impersonation-access-tokens` },
    });
    const claims = await t.verify(answer.body.data.attributes.accessToken);
    expect(claims).toMatchObject({ sub: ids.karl, act: { sub: ids.rep, sub_type: 'agent' }, customer_reference: 'DE--5' });
    const direct = await t.token({
      grant_type: TOKEN_EXCHANGE_GRANT,
      client_id: 'agent-console',
      subject_token: ids.karl,
      subject_token_type: TokenType.customerId,
      actor_token: agent,
      actor_token_type: TokenType.accessToken,
    });
    expect(sameClaims(claims)).toEqual(sameClaims(await t.verify(String(direct.body.access_token))));
    expect(await t.db.prisma.auditEvent.count({ where: { action: 'customer.impersonate', subjectId: ids.karl } })).toBe(2);
  });

  it('answers 4103 without an agent token or with a customer’s, 4102 for a bad one, 4104 when it cannot impersonate', async () => {
    const agent = (await agentLogin()).body.data.attributes.accessToken;
    expectError(await impersonate('DE--5'), 401, '4103', 'Action is available to agent user only.');
    const customer = (await login()).body.data.attributes.accessToken;
    expectError(await impersonate('DE--5', customer), 401, '4103', 'Action is available to agent user only.');
    expectError(await impersonate('DE--5', 'garbage'), 401, '4102', 'Agent access token is invalid.');
    expectError(await impersonate('NO-SUCH', agent), 401, '4104', 'Failed to impersonate a customer.');
    const lazy = (await agentLogin('lazy@example.com')).body.data.attributes.accessToken;
    expectError(await impersonate('DE--5', lazy), 401, '4104', 'Failed to impersonate a customer.');
    // An unknown reference does not hide a bad agent token.
    expectError(await impersonate('NO-SUCH', 'garbage'), 401, '4102', 'Agent access token is invalid.');
    expectError(await impersonate('bad\u0000ref', agent), 422, '901', 'customerReference => This value is not valid.');
  });
});
