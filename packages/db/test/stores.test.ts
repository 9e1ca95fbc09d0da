import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClientStore,
  createLoginStore,
  createLoginToken,
  createLoginTokenStore,
  createSessionFacts,
  findLoginCandidate,
  uuidv7,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const ids = { customer: '', agent: '', first: '', second: '' };

beforeAll(async () => {
  db = await createTestDb();
  await db.prisma.oAuthClient.create({
    data: { id: 'shop', name: 'Shop', type: 'public', subjectType: 'customer', storeHash: 'abc', channelIds: [1, 7] },
  });
  const customer = await db.prisma.customer.create({
    data: { reference: 'REF-1', email: 'c@example.com', firstName: 'C', lastName: 'D', passwordHash: 'old' },
  });
  const agent = await db.prisma.agent.create({ data: { email: 'a@example.com', firstName: 'A', lastName: 'B', passwordHash: 'old' } });
  const companies = await Promise.all([
    db.prisma.company.create({ data: { name: 'One' } }),
    db.prisma.company.create({ data: { name: 'Two' } }),
  ]);
  const first = await db.prisma.companyUser.create({ data: { customerId: customer.id, companyId: companies[0].id } });
  const second = await db.prisma.companyUser.create({ data: { customerId: customer.id, companyId: companies[1].id } });
  Object.assign(ids, { customer: customer.id, agent: agent.id, first: first.id, second: second.id });
});
afterAll(() => db.dispose());

describe('session facts', () => {
  it('find people by id and customers by id or reference', async () => {
    const facts = createSessionFacts(db);
    expect(await facts.person('customer', ids.customer)).toEqual({
      id: ids.customer,
      status: 'active',
      email: 'c@example.com',
      firstName: 'C',
      lastName: 'D',
    });
    expect(await facts.person('agent', ids.customer)).toBeNull();
    expect((await facts.person('agent', ids.agent))?.email).toBe('a@example.com');
    expect(await facts.customerId({ reference: 'REF-1' })).toBe(ids.customer);
    expect(await facts.customerId({ id: ids.customer })).toBe(ids.customer);
    expect(await facts.customerId({ id: uuidv7() })).toBeNull();
  });
});

describe('the default company user, one rule for a session and a login token', () => {
  it('is none of two without a default, the default once there is one, the only active one otherwise', async () => {
    const facts = createSessionFacts(db);
    const tokens = createLoginTokenStore(db);
    const { token } = await createLoginToken(db.prisma, { clientId: 'shop', customerId: ids.customer, expiresAt: null, oneTimeUse: false });
    const both = async () => [
      (await facts.customerWithCompanyUser(ids.customer, 'default'))?.companyUser?.id ?? null,
      (await tokens.find(token))?.facts?.companyUser?.id ?? null,
    ];
    expect(await both()).toEqual([null, null]);
    await db.prisma.companyUser.update({ where: { id: ids.second }, data: { isDefault: true } });
    expect(await both()).toEqual([ids.second, ids.second]);
    await db.prisma.companyUser.update({ where: { id: ids.second }, data: { isDefault: false, status: 'disabled' } });
    expect(await both()).toEqual([ids.first, ids.first]);
  });
});

describe('logins and clients', () => {
  it('replace a password hash only while it is the one read', async () => {
    const logins = createLoginStore(db);
    await logins.replacePasswordHash('customer', ids.customer, 'not-it', 'new');
    expect((await findLoginCandidate(db.sql, 'customer', 'c@example.com'))?.passwordHash).toBe('old');
    await logins.replacePasswordHash('customer', ids.customer, 'old', 'new');
    await logins.replacePasswordHash('agent', ids.agent, 'old', 'newer');
    expect((await findLoginCandidate(db.sql, 'customer', 'c@example.com'))?.passwordHash).toBe('new');
    expect((await findLoginCandidate(db.sql, 'agent', 'a@example.com'))?.passwordHash).toBe('newer');
  });

  it("find a store channel's client, and put a client", async () => {
    const clients = createClientStore(db);
    expect(await clients.storefrontClientId('abc', 7)).toBe('shop');
    expect(await clients.storefrontClientId('abc', 2)).toBeNull();
    await clients.put('machine', { name: 'Machine', type: 'confidential', grantTypes: ['client_credentials'] });
    await clients.put('machine', { name: 'Machine 2', type: 'confidential', grantTypes: ['client_credentials'] });
    expect((await clients.find('machine'))?.name).toBe('Machine 2');
  });
});
