import { describe, expect, it } from 'vitest';
import { basicAuth, createClient, createCustomer, postForm } from '../src/testing.js';
import { useAuthServer } from './setup.js';

const SECRET = 'lks_rs-secret-0123456789abcdefghijklmnopqrs';
let customerId = '';
const t = useAuthServer({}, async (db) => {
  await createClient(db);
  await createClient(db, {
    id: 'resource-server',
    type: 'confidential',
    secret: SECRET,
    grantTypes: ['client_credentials'],
    scopes: [],
    extra: { canIntrospect: true },
  });
  customerId = (await createCustomer(db)).id;
});

const login = async () =>
  (await t.token({ grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' })).body as Record<
    string,
    string
  >;
const introspect = (token: string, auth: Record<string, string> = { authorization: basicAuth('resource-server', SECRET) }) =>
  postForm(`${t.server.url}/token/introspection`, { token }, auth);
const revoke = (token: string) => postForm(`${t.server.url}/token/revocation`, { token, client_id: 'storefront' });

describe('introspection (RFC 7662)', () => {
  it('describes an active refresh token to a confidential client', async () => {
    const { refresh_token } = await login();
    const { status, body } = await introspect(refresh_token!);
    expect(status).toBe(200);
    expect(body).toMatchObject({ active: true, client_id: 'storefront', sub: customerId, scope: 'storefront', iss: t.server.issuer });
    expect(typeof body.exp).toBe('number');
  });

  it('says inactive for unknown and used tokens', async () => {
    expect((await introspect('nope')).body).toEqual({ active: false });
    const { refresh_token } = await login();
    await t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: refresh_token! });
    const consumed = await introspect(refresh_token!);
    expect(consumed.body.active).toBe(false);
  });

  it('describes an active JWT access token, and not once its grant is revoked', async () => {
    const { access_token, refresh_token } = await login();
    const { status, headers, body } = await introspect(access_token!);
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: customerId,
      client_id: 'storefront',
      scope: 'storefront',
      iss: t.server.issuer,
      sub_type: 'customer',
    });
    expect(typeof body.jti).toBe('string');
    await revoke(refresh_token!);
    expect((await introspect(access_token!)).body).toEqual({ active: false });
    const [h, p] = access_token!.split('.');
    expect((await introspect(`${h}.${p}.AAAA`)).body).toEqual({ active: false });
    expect((await introspect(access_token!, { authorization: basicAuth('resource-server', 'wrong') })).status).toBe(401);
  });

  it('tells a public client nothing', async () => {
    const { refresh_token, access_token } = await login();
    expect((await postForm(`${t.server.url}/token/introspection`, { token: refresh_token!, client_id: 'storefront' })).body).toEqual({
      active: false,
    });
    expect((await postForm(`${t.server.url}/token/introspection`, { token: access_token!, client_id: 'storefront' })).body).toEqual({
      active: false,
    });
  });
});

describe('revocation (RFC 7009)', () => {
  it('ends the grant of a revoked refresh token', async () => {
    const { refresh_token } = await login();
    const rotated = (await t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: refresh_token! })).body
      .refresh_token as string;
    const { status } = await revoke(rotated);
    expect(status).toBe(200);
    expect((await introspect(rotated)).body.active).toBe(false);
    expect((await t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: rotated })).body).toMatchObject({
      error: 'invalid_grant',
      latchkey_code: 'refresh_token_invalid',
    });
  });

  it('answers 200 for an unknown token, as RFC 7009 asks', async () => {
    expect((await revoke('unknown-token')).status).toBe(200);
  });

  it('refuses to revoke a structured access token with unsupported_token_type', async () => {
    const { access_token } = await login();
    const { status, body } = await revoke(access_token!);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'unsupported_token_type', latchkey_code: 'token_not_revocable' });
  });
});
