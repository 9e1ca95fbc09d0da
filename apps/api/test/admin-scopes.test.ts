import {
  basicAuth,
  createClient,
  createCustomer,
  postForm,
  type RunningAuth,
  startAuthServer,
  TEST_SECRET_KEY,
} from '@latchkey/auth/testing';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../src/access-token.js';
import { createApiServer } from '../src/index.js';
import { createHarness, expectInvalid, type Harness, testPolicy } from './setup.js';

// Admin scopes belong to confidential clients' client credentials and to staff
// by role. A customer's token never carries one, whatever its client lists,
// and no token counts once its client is deleted or disabled.
const SECRET = 'lks_scopes-admin-secret-0123456789abcdefghij';

describe('a token’s identity', () => {
  it('keeps admin scopes for client credentials and staff only; a token naming no subject type holds none', () => {
    const scope = 'admin:read admin:write shop';
    expect(identityOf({ client_id: 'c', scope, sub_type: 'client' }).scopes).toEqual(['admin:read', 'admin:write', 'shop']);
    expect(identityOf({ client_id: 'c', scope, sub_type: 'agent', sub: 'a' }).agentId).toBe('a');
    for (const sub_type of ['customer', 'anonymous', 'something', undefined]) {
      expect(identityOf({ client_id: 'c', scope, sub_type, sub: 's' }).scopes).toEqual(['shop']);
    }
  });
});

describe('clients.create and clients.update', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.dispose());
  const base = { name: 'Shop', grantTypes: ['password' as const] };

  it('refuse admin scopes on a public client of the customer directory', async () => {
    await expectInvalid(h.admin.clients.create({ ...base, id: 'shop-b', type: 'public', scopes: ['shopb', 'admin:write'] }), ['scopes']);
    await h.admin.clients.create({ ...base, id: 'shop-c', type: 'public', scopes: ['shopc'] });
    await expectInvalid(h.admin.clients.update({ id: 'shop-c', scopes: ['shopc', 'admin:read'] }), ['scopes']);
    expect((await h.admin.clients.get({ id: 'shop-c' })).scopes).toEqual(['shopc']);
  });

  it('allow them on a confidential client and on a staff client, but not moving a public one to customers', async () => {
    await h.admin.clients.create({ ...base, id: 'erp', type: 'confidential', grantTypes: ['client_credentials'], scopes: ['admin:read'] });
    await h.admin.clients.create({ ...base, id: 'console', type: 'public', subjectType: 'agent', scopes: ['admin:read', 'admin:write'] });
    await expectInvalid(h.admin.clients.update({ id: 'console', subjectType: 'customer' }), ['scopes']);
  });
});

describe('the admin API over HTTP', () => {
  let db: TestDb;
  let auth: RunningAuth;
  let api: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDb();
    // Written straight to the table, as a client made before the rule existed would be.
    await createClient(db, { id: 'shop-b', scopes: ['shopb', 'admin:write', 'admin:read'] });
    for (const id of ['erp', 'erp-gone', 'erp-off']) {
      await createClient(db, { id, type: 'confidential', secret: SECRET, grantTypes: ['client_credentials'], scopes: ['admin:read'] });
    }
    await createCustomer(db, { policy: testPolicy });
    auth = await startAuthServer(db, { clientCacheMs: 0, policy: testPolicy });
    api = await createApiServer({
      db,
      policy: testPolicy,
      secretBox: createSecretBox(TEST_SECRET_KEY),
      issuer: auth.issuer,
      clientCacheMs: 0,
    }).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await api?.close();
    await auth?.close();
    await db?.dispose();
  });

  const clientToken = async (id: string) =>
    String(
      (await postForm(`${auth.url}/token`, { grant_type: 'client_credentials' }, { authorization: basicAuth(id, SECRET) })).body
        .access_token,
    );
  const list = async (token: string) => {
    const response = await fetch(`${api.url}/trpc/customers.list`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as { error?: { data: { latchkeyCode: string } } } };
  };

  it('gives a customer’s token no admin scope, whatever its client lists', async () => {
    const login = await postForm(`${auth.url}/token`, {
      grant_type: 'password',
      client_id: 'shop-b',
      username: 'sonia@example.com',
      password: 'change123',
    });
    expect(login.body.scope).toBe('shopb');
    const answer = await list(String(login.body.access_token));
    expect(answer.status).toBe(403);
    expect(answer.body.error?.data.latchkeyCode).toBe('scope_required');
  });

  it('refuses the tokens of a deleted or disabled client', async () => {
    expect((await list(await clientToken('erp'))).status).toBe(200);
    const gone = await clientToken('erp-gone');
    const off = await clientToken('erp-off');
    await db.prisma.oAuthClient.delete({ where: { id: 'erp-gone' } });
    await db.prisma.oAuthClient.update({ where: { id: 'erp-off' }, data: { status: 'disabled' } });
    for (const token of [gone, off]) {
      const answer = await list(token);
      expect(answer.status).toBe(401);
      expect(answer.body.error?.data.latchkeyCode).toBe('access_token_invalid');
    }
  });
});
