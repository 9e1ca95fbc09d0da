import { createOidcPayloadStore, recordAudit } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectInvalid, failure, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const store = () => createOidcPayloadStore(h.db.sql, () => h.clock.now);

async function grant(id: string, accountId: string, clientId: string, ttlSeconds = 3600) {
  await store().upsert('Grant', id, { accountId, clientId, kind: 'Grant' }, ttlSeconds);
  await store().upsert('RefreshToken', `${id}-rt`, { accountId, clientId, grantId: id, kind: 'RefreshToken' }, ttlSeconds);
  await store().upsert('AccessToken', `${id}-at`, { accountId, clientId, grantId: id, kind: 'AccessToken' }, ttlSeconds);
}

describe('grants', () => {
  it('lists live grants by account and client, and pages them', async () => {
    await grant('g-1', 'acct-1', 'storefront');
    await grant('g-2', 'acct-1', 'backoffice-app');
    await grant('g-3', 'acct-2', 'storefront');
    await grant('g-old', 'acct-1', 'storefront', 1);
    h.clock.now = new Date(h.clock.now.getTime() + 5000);
    const ids = async (input: Parameters<typeof h.admin.grants.list>[0]) =>
      (await h.admin.grants.list(input)).items.map((g) => g.id).sort();
    expect(await ids({ accountId: 'acct-1' })).toEqual(['g-1', 'g-2']);
    expect(await ids({ clientId: 'storefront' })).toEqual(['g-1', 'g-3']);
    expect(await ids({ accountId: 'acct-1', includeExpired: true })).toEqual(['g-1', 'g-2', 'g-old']);
    const [item] = (await h.admin.grants.list({ accountId: 'acct-2' })).items;
    expect(item).toEqual({
      id: 'g-3',
      accountId: 'acct-2',
      clientId: 'storefront',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const first = await h.admin.grants.list({ limit: 2, includeExpired: true });
    const rest = await h.admin.grants.list({ limit: 2, includeExpired: true, cursor: first.nextCursor! });
    expect([...first.items, ...rest.items].map((g) => g.id).sort()).toEqual(['g-1', 'g-2', 'g-3', 'g-old']);
    expect(rest.nextCursor).toBeNull();
  });

  it('revokes a grant with every token under it', async () => {
    expect(await h.admin.grants.revoke({ grantId: 'g-1' })).toEqual({ grantId: 'g-1', count: 3 });
    expect(await h.db.prisma.oidcPayload.count({ where: { OR: [{ grantId: 'g-1' }, { kind: 'Grant', id: 'g-1' }] } })).toBe(0);
    expect(await h.db.prisma.oidcPayload.count({ where: { grantId: 'g-2' } })).toBe(2);
    expect((await failure(h.admin.grants.revoke({ grantId: 'g-1' }))).code).toBe('NOT_FOUND');
    await expectInvalid(h.admin.grants.revoke({ grantId: '' }), ['grantId']);
  });
});

describe('audit.list', () => {
  it('filters by actor, subject, action and time, newest first, with a cursor', async () => {
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < 12; i++) {
      await recordAudit(h.db.prisma, {
        actorType: i % 2 ? 'client' : 'system',
        actorId: i % 2 ? 'robot' : null,
        action: i % 3 ? 'thing.poke' : 'thing.prod',
        subjectType: 'thing',
        subjectId: `thing-${i % 4}`,
        at: new Date(base + i * 60_000),
      });
    }
    const actions = async (input: Parameters<typeof h.admin.audit.list>[0]) => (await h.admin.audit.list(input)).items.map((e) => e.at);
    const minute = (i: number) => new Date(base + i * 60_000).toISOString();
    expect(await actions({ actorId: 'robot' })).toEqual([11, 9, 7, 5, 3, 1].map(minute));
    expect(await actions({ subjectId: 'thing-2' })).toEqual([10, 6, 2].map(minute));
    expect(await actions({ action: 'thing.prod' })).toEqual([9, 6, 3, 0].map(minute));
    expect(await actions({ subjectType: 'thing', at: { from: minute(3), to: minute(6) } })).toEqual([5, 4, 3].map(minute));
    expect(await actions({ actorType: 'system', action: 'thing.prod' })).toEqual([6, 0].map(minute));
    const first = await h.admin.audit.list({ subjectType: 'thing', limit: 5 });
    const second = await h.admin.audit.list({ subjectType: 'thing', limit: 5, cursor: first.nextCursor! });
    const third = await h.admin.audit.list({ subjectType: 'thing', limit: 5, cursor: second.nextCursor! });
    expect([...first.items, ...second.items, ...third.items].map((e) => e.at)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map(minute));
    expect(third.nextCursor).toBeNull();
  });
});

describe('keys', () => {
  it('lists public keys only; a rotated key is published for a minute before it signs and retires the old one', async () => {
    expect(await h.admin.keys.list()).toEqual([]);
    const first = await h.admin.keys.rotate();
    expect(first.retired).toEqual([]);
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    const second = await h.admin.keys.rotate();
    expect(second.retired).toEqual([first.kid]);
    expect(second.activatesAt).toBe(new Date(h.clock.now.getTime() + 60_000).toISOString());
    expect((await h.admin.keys.list()).map((k) => [k.kid, k.state])).toEqual([
      [first.kid, 'active'],
      [second.kid, 'pending'],
    ]);
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    const keys = await h.admin.keys.list();
    expect(keys.map((k) => [k.kid, k.state])).toEqual([
      [second.kid, 'active'],
      [first.kid, 'retired'],
    ]);
    for (const key of keys) {
      expect(key.alg).toBe('ES256');
      expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid });
      expect(key.publicJwk).not.toHaveProperty('d');
    }
  });
});
