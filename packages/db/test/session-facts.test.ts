import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOidcPayloadStore,
  findLoginCandidate,
  findRefreshTokenWithFacts,
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
    expect(live).toEqual({ facts, grant: { startedAt: new Date(iat * 1000), expiresAt: expect.any(Date) } });
    expect(Math.abs(live.grant!.expiresAt!.getTime() - (now.getTime() + 60_000))).toBeLessThan(5000);
    expect((await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-forever', now)).grant).toEqual({
      startedAt: new Date(iat * 1000),
      expiresAt: null,
    });
    expect(await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-unknown', now)).toEqual({ facts, grant: null });
    expect(
      (await loadCustomerWithCompanyUserInGrant(db.sql, ids.customer, ids.cu, 'grant-live', new Date(now.getTime() + 61_000))).grant,
    ).toBeNull();
    expect(await loadCustomerWithCompanyUserInGrant(db.sql, uuidv7(), ids.cu, 'grant-live', now)).toEqual({ facts: null, grant: null });
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
