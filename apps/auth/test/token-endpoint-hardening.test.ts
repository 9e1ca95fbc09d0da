import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
import { ensureAdminClient } from '../src/bootstrap/admin-client.js';
import { basicAuth, createClient, createCustomer, postForm } from '../src/testing.js';
import { manualClock, useAuthServer } from './setup.js';

// The smaller holes of issue 10: the registered client authentication
// method, who may introspect or revoke whose tokens, anonymous sessions
// and their login token's expiry, and Pragma on token answers.
const SECRET = 'lks_hardening-secret-0123456789abcdefghijklm';
const clock = manualClock();
const t = useAuthServer({ clock: clock.now }, async (db) => {
  await createClient(db, { grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT], scopes: ['storefront', 'punchout'] });
  const confidential = { type: 'confidential' as const, secret: SECRET, grantTypes: ['client_credentials'], scopes: [] };
  await createClient(db, { ...confidential, id: 'resource-server', extra: { canIntrospect: true } });
  await createClient(db, { ...confidential, id: 'other-app' });
  await createClient(db, { ...confidential, id: 'own-app', grantTypes: ['password', 'refresh_token'] });
  await ensureAdminClient(db, 'bootstrap-admin', SECRET);
  await createCustomer(db);
});

const login = async (clientId = 'storefront', headers: Record<string, string> = {}) =>
  (await t.token({ grant_type: 'password', client_id: clientId, username: 'sonia@example.com', password: 'change123' }, headers))
    .body as Record<string, string>;
const as = (clientId: string) => ({ authorization: basicAuth(clientId, SECRET) });
const introspect = async (token: string, clientId: string) =>
  (await postForm(`${t.server.url}/token/introspection`, { token }, as(clientId))).body;

describe('client authentication', () => {
  it('takes a confidential client’s secret only as registered (client_secret_basic), never from the body', async () => {
    const post = await t.token({ grant_type: 'client_credentials', client_id: 'other-app', client_secret: SECRET });
    expect(post).toMatchObject({ status: 401, body: { error: 'invalid_client', latchkey_code: 'client_auth_failed' } });
    expect((await t.token({ grant_type: 'client_credentials' }, as('other-app'))).status).toBe(200);
  });
});

describe('introspection', () => {
  it('answers for the token’s own client, resource servers and the bootstrap admin client; anyone else hears active: false', async () => {
    const { access_token, refresh_token } = await login();
    for (const token of [access_token!, refresh_token!]) {
      expect(await introspect(token, 'resource-server')).toMatchObject({ active: true, client_id: 'storefront' });
      expect(await introspect(token, 'bootstrap-admin')).toMatchObject({ active: true, client_id: 'storefront' });
      expect(await introspect(token, 'other-app')).toEqual({ active: false });
    }
    const own = await login('own-app', as('own-app'));
    expect(await introspect(own.access_token!, 'own-app')).toMatchObject({ active: true, client_id: 'own-app' });
    expect(await introspect(own.refresh_token!, 'own-app')).toMatchObject({ active: true, client_id: 'own-app' });
  });
});

describe('revocation', () => {
  it('refuses another client’s token (RFC 7009 §2.1) and leaves it alone', async () => {
    const { refresh_token } = await login();
    const refused = await postForm(`${t.server.url}/token/revocation`, { token: refresh_token! }, as('other-app'));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'unauthorized_client', latchkey_code: 'token_not_owned' });
    expect((await t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: refresh_token! })).status).toBe(200);
  });
});

describe('an anonymous session', () => {
  it('ends when its login token expires', async () => {
    const { token } = await createLoginToken(t.db.prisma, {
      clientId: 'storefront',
      expiresAt: new Date(clock.now().getTime() + 120_000),
      oneTimeUse: true,
    });
    const started = await t.token({
      grant_type: TOKEN_EXCHANGE_GRANT,
      client_id: 'storefront',
      subject_token: token,
      subject_token_type: TokenType.loginToken,
    });
    expect(started.body.scope).toBe('punchout');
    const refresh = (value: string) => t.token({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: value });
    const next = await refresh(String(started.body.refresh_token));
    expect(next.status).toBe(200);
    clock.advance(121);
    expect((await refresh(String(next.body.refresh_token))).body).toMatchObject({
      error: 'invalid_grant',
      latchkey_code: 'login_token_revoked',
    });
  });
});

describe('token answers', () => {
  it('carry Cache-Control: no-store and Pragma: no-cache (RFC 6749 §5.1), refusals too', async () => {
    const ok = await t.token({ grant_type: 'client_credentials' }, as('other-app'));
    const refused = await t.token({ grant_type: 'password', client_id: 'storefront', username: 'x@example.com', password: 'y' });
    for (const answer of [ok, refused]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('pragma')).toBe('no-cache');
    }
  });
});
