import { describe, expect, it } from 'vitest';
import { basicAuth, createAdminClients, createClient, requestWithHost } from '../src/testing.js';
import { useAuthServer } from './setup.js';

const SECRET = 'lks_admin-secret-0123456789abcdefghijklmnop';
const t = useAuthServer({}, async (db) => {
  await createAdminClients(db, SECRET);
  await createClient(db, { id: 'storefront' });
});

describe('client credentials grant', () => {
  it('issues an admin access token to a confidential client (basic auth)', async () => {
    const { status, body } = await t.token({ grant_type: 'client_credentials' }, { authorization: basicAuth('back-office', SECRET) });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(await t.verify(String(body.access_token))).toMatchObject({
      sub: 'back-office',
      client_id: 'back-office',
      scope: 'admin:read admin:write',
      sub_type: 'client',
    });
  });

  it('grants a narrower scope, and refuses the secret in the body (the client is registered for client_secret_basic)', async () => {
    const { body } = await t.token(
      { grant_type: 'client_credentials', scope: 'admin:read' },
      { authorization: basicAuth('back-office', SECRET) },
    );
    expect(body.scope).toBe('admin:read');
    const post = await t.token({ grant_type: 'client_credentials', client_id: 'back-office', client_secret: SECRET, scope: 'admin:read' });
    expect(post).toMatchObject({ status: 401, body: { error: 'invalid_client', latchkey_code: 'client_auth_failed' } });
  });

  it('refuses a scope the client does not have', async () => {
    const { body } = await t.token(
      { grant_type: 'client_credentials', scope: 'admin:write' },
      { authorization: basicAuth('viewer', SECRET) },
    );
    expect(body).toMatchObject({ error: 'invalid_scope', latchkey_code: 'scope_not_allowed' });
  });

  it('answers a wrong secret with 401 invalid_client and WWW-Authenticate', async () => {
    const { status, headers, body } = await t.token(
      { grant_type: 'client_credentials' },
      { authorization: basicAuth('back-office', 'wrong') },
    );
    expect(status).toBe(401);
    expect(body).toEqual({
      error: 'invalid_client',
      error_description: 'client authentication failed',
      latchkey_code: 'client_auth_failed',
    });
    expect(headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('names the issuer as realm, whatever Host the client sent', async () => {
    const form = { grant_type: 'client_credentials', client_id: 'back-office', client_secret: 'wrong' };
    const answer = await requestWithHost(`${t.server.url}/token`, 'evil.example.com', { form });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(`Basic realm="${t.server.issuer}"`);
  });

  it('answers a wrong secret sent in the body with 401 and WWW-Authenticate too', async () => {
    const { status, headers, body } = await t.token({ grant_type: 'client_credentials', client_id: 'back-office', client_secret: 'wrong' });
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client', latchkey_code: 'client_auth_failed' });
    expect(headers.get('www-authenticate')).toMatch(/^Basic realm="/);
  });

  it('stores no usable client secret', async () => {
    const row = await t.db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: 'back-office' } });
    expect(row.secretHash).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain(SECRET);
  });

  it('is refused to a public client', async () => {
    const { status, body } = await t.token({ grant_type: 'client_credentials', client_id: 'storefront' });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'unauthorized_client', latchkey_code: 'grant_type_not_allowed' });
  });
});
