import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOidcPayloadStore,
  discardRefreshToken,
  findLoginCandidate,
  findRefreshTokenWithFacts,
  hashToken,
  loadAgent,
  loadCustomerWithCompanyUser,
  loadCustomerWithCompanyUserInGrant,
  loginTokenStands,
  uuidv7,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const ids = { customer: '', other: '', cu: '', cu2: '', company: '', role: '', agent: '' };
beforeAll(async () => {
  db = await createTestDb();
  const c = await db.prisma.customer.create({
    data: { reference: 'R-1', email: 'c@example.com', firstName: 'C', lastName: 'D', emailVerifiedAt: new Date(), passwordHash: 'h' },
  });
  const o = await db.prisma.customer.create({ data: { reference: 'R-2', email: 'o@example.com', firstName: 'O', lastName: 'P' } });
  const company = await db.prisma.company.create({ data: { name: 'ACME' } });
  const other = await db.prisma.company.create({ data: { name: 'Other', status: 'disabled' } });
  const role = await db.prisma.companyRole.create({
    data: {
      companyId: company.id,
      name: 'Buyer',
      permissions: { create: [{ key: 'z_last', configuration: { limit: 5 } }, { key: 'a_first' }] },
    },
  });
  const cu = await db.prisma.companyUser.create({ data: { customerId: c.id, companyId: company.id, roleId: role.id } });
  const cu2 = await db.prisma.companyUser.create({ data: { customerId: c.id, companyId: other.id } });
  const agent = await db.prisma.agent.create({ data: { email: 'a@example.com', firstName: 'A', lastName: 'B', roles: ['viewer'] } });
  Object.assign(ids, { customer: c.id, other: o.id, cu: cu.id, cu2: cu2.id, company: company.id, role: role.id, agent: agent.id });
});
afterAll(() => db.dispose());

describe('session facts in one query', () => {
  it('load a customer with company user, company, role and sorted permissions', async () => {
    expect(await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu)).toEqual({
      customer: { id: ids.customer, reference: 'R-1', status: 'active', emailVerified: true },
      companyUser: {
        id: ids.cu,
        customerId: ids.customer,
        status: 'active',
        company: { id: ids.company, status: 'active' },
        role: {
          id: ids.role,
          name: 'Buyer',
          permissions: [
            { key: 'a_first', configuration: null },
            { key: 'z_last', configuration: { limit: 5 } },
          ],
        },
      },
    });
  });

  it('load a customer alone, a company user without role, and nothing for an unknown id', async () => {
    expect(await loadCustomerWithCompanyUser(db.sql, ids.other, null)).toEqual({
      customer: { id: ids.other, reference: 'R-2', status: 'active', emailVerified: false },
      companyUser: null,
    });
    expect((await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu2))?.companyUser).toMatchObject({
      role: null,
      company: { status: 'disabled' },
    });
    expect(await loadCustomerWithCompanyUser(db.sql, uuidv7(), null)).toBeNull();
  });

  it('pick the default company user, else the only active one', async () => {
    const withDefault = async (customerId: string) =>
      (await loadCustomerWithCompanyUser(db.sql, customerId, 'default'))?.companyUser?.id ?? null;
    expect(await withDefault(ids.customer)).toBeNull();
    await db.prisma.companyUser.update({ where: { id: ids.cu2 }, data: { isDefault: true } });
    expect(await withDefault(ids.customer)).toBe(ids.cu2);
    await db.prisma.companyUser.update({ where: { id: ids.cu2 }, data: { isDefault: false, status: 'disabled' } });
    expect(await withDefault(ids.customer)).toBe(ids.cu);
    expect(await loadCustomerWithCompanyUser(db.sql, ids.customer, 'default')).toEqual(
      await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu),
    );
    expect(await withDefault(ids.other)).toBeNull();
  });

  it('check agents, login candidates and anonymous sessions', async () => {
    expect(await loadAgent(db.sql, ids.agent)).toEqual({ id: ids.agent, status: 'active', roles: ['viewer'] });
    expect(await findLoginCandidate(db.sql, 'customer', 'c@example.com')).toMatchObject({
      id: ids.customer,
      passwordHash: 'h',
      emailVerified: true,
      reference: 'R-1',
    });
    expect(await findLoginCandidate(db.sql, 'agent', 'a@example.com')).toMatchObject({
      id: ids.agent,
      passwordHash: null,
      roles: ['viewer'],
    });
    expect(await findLoginCandidate(db.sql, 'agent', 'c@example.com')).toBeNull();
    expect(await loginTokenStands(db.sql, uuidv7(), new Date())).toBe(false);
  });
});

describe('a company switch: facts and whether the grant stands, in one statement', () => {
  it('says a grant stands while it is stored and unexpired, and reads the same facts', async () => {
    const store = createOidcPayloadStore(db.sql);
    const now = new Date();
    const iat = Math.floor(now.getTime() / 1000) - 100;
    await store.upsert('Grant', 'grant-live', { accountId: ids.customer, iat }, 60);
    await store.upsert('Grant', 'grant-forever', { accountId: ids.customer, iat }, undefined);
    const facts = await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu);
    const live = await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-live', now);
    expect(live).toEqual({ facts, grant: { startedAt: new Date(iat * 1000), expiresAt: expect.any(Date) }, stored: null });
    expect(Math.abs(live.grant!.expiresAt!.getTime() - (now.getTime() + 60_000))).toBeLessThan(5000);
    expect((await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-forever', now)).grant).toEqual({
      startedAt: new Date(iat * 1000),
      expiresAt: null,
    });
    expect(await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-unknown', now)).toEqual({
      facts,
      grant: null,
      stored: null,
    });
    expect(
      (await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-live', new Date(now.getTime() + 61_000))).grant,
    ).toBeNull();
    expect(await loadCustomerWithCompanyUserInGrant(db.sql, uuidv7(), ids.cu, 'grant-live', now)).toEqual({
      facts: null,
      grant: null,
      stored: null,
    });
  });
});

describe('a company switch storing its refresh token with the facts', () => {
  const store = () => createOidcPayloadStore(db.sql);
  const token = (value: string, companyUserId: string, now: Date, bounds: { idle: number; absolute: number }) => ({
    value,
    payload: {
      kind: 'RefreshToken' as const,
      iat: Math.floor(now.getTime() / 1000),
      clientId: 'storefront',
      accountId: ids.customer,
      grantId: 'g-switch',
      gty: 'urn:ietf:params:oauth:grant-type:token-exchange',
      scope: 'storefront',
      rotations: 0,
      expiresWithSession: false as const,
      session: { subject: 'customer' as const, customerId: ids.customer, companyUserId },
    },
    idleUntil: new Date(now.getTime() + bounds.idle * 1000),
    absoluteTtlSeconds: bounds.absolute,
  });
  const stored = async (value: string) =>
    (
      await db.sql<{ payload: Record<string, unknown>; grant_id: string; account_id: string; client_id: string; ttl_ms: number }>(
        `SELECT payload, grant_id, account_id, client_id, (extract(epoch from expires_at - created_at) * 1000)::float8 AS ttl_ms
           FROM oidc_payloads WHERE kind = 'RefreshToken' AND id = $1`,
        [hashToken(value)],
      )
    )[0];

  it('stores it while the grant stands and the company user may be switched to, expiring at the earliest bound', async () => {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 + 250);
    const iat = Math.floor(now.getTime() / 1000) - 100;
    await store().upsert('Grant', 'g-switch', { accountId: ids.customer, iat }, 3000);
    const facts = await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu);
    // The idle bound first.
    const idle = await loadCustomerWithCompanyUserInGrant(
      db.sql,
      ids.customer,
      ids.cu,
      'g-switch',
      now,
      token('rt-idle', ids.cu, now, { idle: 60, absolute: 7200 }),
    );
    const nowS = Math.floor(now.getTime() / 1000);
    expect(idle).toMatchObject({
      facts,
      grant: { startedAt: new Date(iat * 1000) },
      stored: { value: 'rt-idle', expiresAt: new Date((nowS + 60) * 1000) },
    });
    const row = (await stored('rt-idle'))!;
    expect(row).toMatchObject({ grant_id: 'g-switch', account_id: ids.customer, client_id: 'storefront' });
    expect(row.payload).toMatchObject({ iat: nowS, iiat: iat, exp: nowS + 60, rotations: 0, session: { companyUserId: ids.cu } });
    expect(row.ttl_ms).toBe(60_000);
    // The session's absolute end, then the grant's.
    const absolute = await loadCustomerWithCompanyUserInGrant(
      db.sql,
      ids.customer,
      ids.cu,
      'g-switch',
      now,
      token('rt-abs', ids.cu, now, { idle: 3600, absolute: 400 }),
    );
    expect(absolute.stored?.expiresAt).toEqual(new Date((iat + 400) * 1000));
    const grantEnd = await loadCustomerWithCompanyUserInGrant(
      db.sql,
      ids.customer,
      ids.cu,
      'g-switch',
      now,
      token('rt-grant', ids.cu, now, { idle: 86_400, absolute: 86_400 }),
    );
    expect(grantEnd.stored?.expiresAt.getTime()).toBe(Math.floor(grantEnd.grant!.expiresAt!.getTime() / 1000) * 1000);
    // At the absolute end there is no time left: nothing stored.
    const over = await loadCustomerWithCompanyUserInGrant(
      db.sql,
      ids.customer,
      ids.cu,
      'g-switch',
      now,
      token('rt-over', ids.cu, now, { idle: 3600, absolute: 100 }),
    );
    expect(over.grant).not.toBeNull();
    expect([over.stored, await stored('rt-over')]).toEqual([null, undefined]);
  });

  it('stores nothing for a grant that ended or a company user the switch refuses', async () => {
    const now = new Date();
    const iat = Math.floor(now.getTime() / 1000) - 100;
    await store().upsert('Grant', 'g-switch-2', { accountId: ids.customer, iat }, 60);
    const bounds = { idle: 60, absolute: 7200 };
    const tries: [string, string, string, Date][] = [
      ['rt-no-grant', ids.customer, 'g-unknown', now],
      ['rt-grant-over', ids.customer, 'g-switch-2', new Date(now.getTime() + 61_000)],
      ['rt-company-disabled', ids.customer, 'g-switch-2', now],
      ['rt-not-owned', ids.other, 'g-switch-2', now],
    ];
    for (const [value, customerId, grantId, at] of tries) {
      const companyUserId = value === 'rt-company-disabled' || value === 'rt-not-owned' ? ids.cu2 : ids.cu;
      const read = await loadCustomerWithCompanyUserInGrant(
        db.sql,
        customerId,
        companyUserId,
        grantId,
        at,
        token(value, companyUserId, at, bounds),
      );
      expect([value, read.stored, await stored(value)]).toEqual([value, null, undefined]);
    }
    await discardRefreshToken(db.sql, 'rt-idle');
    expect(await stored('rt-idle')).toBeUndefined();
  });
});

describe('a refresh token with its session facts', () => {
  it('reads the token and, for a customer session, the facts in one statement', async () => {
    const store = createOidcPayloadStore(db.sql);
    await store.upsert(
      'RefreshToken',
      'rt-facts',
      { grantId: 'g', session: { subject: 'customer', customerId: ids.customer, companyUserId: ids.cu } },
      60,
    );
    await store.upsert('RefreshToken', 'rt-agent', { grantId: 'g', session: { subject: 'agent', agentId: ids.agent } }, 60);
    await store.upsert('RefreshToken', 'rt-code-flow', { grantId: 'g', accountId: ids.customer }, 60);
    await store.upsert('RefreshToken', 'rt-orphan', { grantId: 'gone', accountId: ids.customer }, 60);
    await store.upsert('Grant', 'g', { accountId: ids.customer }, 60);
    expect(await findRefreshTokenWithFacts(db.sql, 'rt-orphan')).toBeNull();
    const found = await findRefreshTokenWithFacts(db.sql, 'rt-facts');
    expect(found?.payload).toMatchObject({ grantId: 'g' });
    expect(found?.consumedAt).toBeNull();
    expect(found?.facts).toEqual(await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu));
    expect((await findRefreshTokenWithFacts(db.sql, 'rt-agent'))?.facts).toBeNull();
    expect((await findRefreshTokenWithFacts(db.sql, 'rt-code-flow'))?.facts).toBeNull();
    expect(await findRefreshTokenWithFacts(db.sql, 'unknown')).toBeNull();
  });
});
