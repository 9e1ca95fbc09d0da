import {
  basicAuth,
  createClient,
  createCompanyUser,
  createCustomer,
  postForm,
  type RunningAuth,
  startAuthServer,
} from '@latchkey/auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, failure, type Harness, testPolicy } from './setup.js';

const SECRET = 'introspection-secret-0123456789';
let h: Harness;
let auth: RunningAuth;
const ids = { sonia: '', karl: '', acme: '' };

beforeAll(async () => {
  h = await createHarness(new Date());
  auth = await startAuthServer(h.db, { policy: testPolicy, clientCacheMs: 0 });
  await createClient(h.db, { extra: { storeHash: 'store1', channelIds: [1] } });
  await createClient(h.db, { id: 'wholesale', extra: { storeHash: 'store2', channelIds: [1] } });
  await createClient(h.db, {
    id: 'resource-server',
    type: 'confidential',
    secret: SECRET,
    grantTypes: ['client_credentials'],
    scopes: [],
    extra: { canIntrospect: true },
  });
  const sonia = await createCustomer(h.db, { policy: testPolicy });
  ids.sonia = sonia.id;
  ids.acme = (await createCompanyUser(h.db, sonia.id)).companyUser.id;
  ids.karl = (await createCustomer(h.db, { email: 'karl@example.com', policy: testPolicy })).id;
});
afterAll(async () => {
  await auth?.close();
  await h?.dispose();
});

async function storefrontToken(email: string, name: string, storeHash = 'store1'): Promise<string> {
  const response = await fetch(`${auth.url}/api/io/auth/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ storeHash, channelId: 1, name, email, password: 'change123' }),
  });
  const body = (await response.json()) as { data: { token: string } };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.data.token;
}
const active = async (token: string) =>
  (await postForm(`${auth.url}/token/introspection`, { token }, { authorization: basicAuth('resource-server', SECRET) })).body.active;

describe('storefrontTokens', () => {
  it('lists named tokens newest first, by customer and client, never the token', async () => {
    const first = await storefrontToken('sonia@example.com', 'first');
    await storefrontToken('sonia@example.com', 'wholesale app', 'store2');
    await storefrontToken('karl@example.com', 'karl');
    const all = await h.admin.storefrontTokens.list();
    expect(all.items.map((row) => row.name)).toEqual(['karl', 'wholesale app', 'first']);
    expect(JSON.stringify(all)).not.toContain(first);
    expect(all.items[2]).toEqual({
      id: expect.any(String),
      name: 'first',
      customerId: ids.sonia,
      companyUserId: ids.acme,
      clientId: 'storefront',
      notBefore: expect.any(String),
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const day = Date.parse(all.items[2]!.expiresAt) - Date.parse(all.items[2]!.notBefore);
    expect(day).toBe(86_400_000);
    expect((await h.admin.storefrontTokens.list({ customerId: ids.sonia })).items.map((row) => row.name)).toEqual([
      'wholesale app',
      'first',
    ]);
    expect((await h.admin.storefrontTokens.list({ clientId: 'wholesale' })).items.map((row) => row.name)).toEqual(['wholesale app']);
    const page1 = await h.admin.storefrontTokens.list({ limit: 2 });
    const page2 = await h.admin.storefrontTokens.list({ limit: 2, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((row) => row.name)).toEqual(['karl', 'wholesale app', 'first']);
    expect(page2.nextCursor).toBeNull();
  });

  it('revokes one: its token turns inactive at once, the others stay, and the revocation is audited', async () => {
    const token = await storefrontToken('sonia@example.com', 'to revoke');
    const other = await storefrontToken('sonia@example.com', 'to keep');
    expect(await active(token)).toBe(true);
    const row = (await h.admin.storefrontTokens.list({ customerId: ids.sonia })).items.find((r) => r.name === 'to revoke')!;
    const revoked = await h.admin.storefrontTokens.revoke({ id: row.id });
    expect(revoked.revokedAt).toBe(h.clock.now.toISOString());
    expect(await active(token)).toBe(false);
    expect(await active(other)).toBe(true);
    // Revoking again changes nothing and says when it was revoked.
    expect((await h.admin.storefrontTokens.revoke({ id: row.id })).revokedAt).toBe(revoked.revokedAt);
    expect(await h.db.prisma.auditEvent.count({ where: { action: 'storefront_token.revoke', subjectId: row.id } })).toBe(2);
    expect((await failure(h.admin.storefrontTokens.revoke({ id: '00000000-0000-7000-8000-000000000000' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.storefrontTokens.revoke({ id: 'nope' }))).code).toBe('BAD_REQUEST');
  });
});
