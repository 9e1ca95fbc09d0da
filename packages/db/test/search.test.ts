import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchAgents, searchable, searchCompanyUsers, searchCustomers, searchTargets, searchWords } from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const ids: Record<string, string> = {};
const page = { limit: 10, offset: 0 };

beforeAll(async () => {
  db = await createTestDb();
  const people: [string, string, string, string][] = [
    ['sonia', 'sonia@example.com', 'Sonia', 'Wagner'],
    ['sonja', 'sonja.wagner@example.org', 'Sonja', 'Wagner'],
    ['karl', 'karl@example.com', 'Karl', 'Sonnenberg'],
    ['ada', 'ada_100%@example.com', 'Ada', 'Lovelace'],
  ];
  for (const [key, email, firstName, lastName] of people) {
    ids[key] = (await db.prisma.customer.create({ data: { reference: `REF-${key}`, email, firstName, lastName } })).id;
  }
  const acme = await db.prisma.company.create({ data: { name: 'ACME Logistics' } });
  const zeta = await db.prisma.company.create({ data: { name: 'Zeta Trading' } });
  ids.cuSonia = (await db.prisma.companyUser.create({ data: { customerId: ids.sonia!, companyId: acme.id } })).id;
  ids.cuKarl = (await db.prisma.companyUser.create({ data: { customerId: ids.karl!, companyId: zeta.id } })).id;
  ids.agent = (
    await db.prisma.agent.create({ data: { email: 'rita@example.com', firstName: 'Rita', lastName: 'Rep', roles: ['editor'] } })
  ).id;
});
afterAll(() => db.dispose());

describe('search for the user picker', () => {
  it('finds by any part of the e-mail or names, in any case, exact e-mail first', async () => {
    expect(await searchCustomers(db, 'SONIA@EXAMPLE.COM', {}, page)).toEqual([ids.sonia]);
    expect(await searchCustomers(db, 'wagn', {}, page)).toEqual(expect.arrayContaining([ids.sonia, ids.sonja]));
    const son = await searchCustomers(db, 'son', {}, page);
    expect(son).toHaveLength(3);
    expect(await searchCustomers(db, 'sonja.wagner@example.org', {}, page)).toEqual([ids.sonja]);
    expect((await searchCustomers(db, 'sonia', {}, page))[0]).toBe(ids.sonia);
    expect(await searchCustomers(db, 'example.org', {}, page)).toEqual([ids.sonja]);
  });

  it('needs every word to match, and finds a full name', async () => {
    expect(await searchCustomers(db, 'Sonia Wagner', {}, page)).toEqual([ids.sonia]);
    expect(await searchCustomers(db, 'karl wagner', {}, page)).toEqual([]);
  });

  it('takes LIKE wildcards literally and finds a reference exactly', async () => {
    expect(await searchCustomers(db, '100%', {}, page)).toEqual([ids.ada]);
    expect(await searchCustomers(db, '%@e', {}, page)).toEqual([ids.ada]);
    expect(await searchCustomers(db, '_10', {}, page)).toEqual([ids.ada]);
    expect(await searchCustomers(db, 'REF-karl', {}, page)).toEqual([ids.karl]);
  });

  it('pages and filters', async () => {
    const all = await searchCustomers(db, 'example', {}, { limit: 10, offset: 0 });
    expect(all).toHaveLength(4);
    expect(await searchCustomers(db, 'example', {}, { limit: 2, offset: 2 })).toEqual(all.slice(2));
    expect(await searchCustomers(db, 'example', { status: 'disabled' }, page)).toEqual([]);
  });

  it('finds company users by their customer or their company', async () => {
    expect(await searchCompanyUsers(db, 'logist', {}, page)).toEqual([ids.cuSonia]);
    expect(await searchCompanyUsers(db, 'KARL', {}, page)).toEqual([ids.cuKarl]);
    expect(await searchCompanyUsers(db, 'sonia acme', {}, page)).toEqual([ids.cuSonia]);
    expect(await searchCompanyUsers(db, 'son', { customerId: ids.karl }, page)).toEqual([ids.cuKarl]);
  });

  it('finds agents, by role too', async () => {
    expect(await searchAgents(db, 'rit', {}, page)).toEqual([ids.agent]);
    expect(await searchAgents(db, 'rit', { role: 'viewer' }, page)).toEqual([]);
    expect(await searchAgents(db, 'rit', { role: 'editor' }, page)).toEqual([ids.agent]);
  });

  it('splits a term into at most five words, and needs one of three characters or more', async () => {
    expect(searchWords('  A b  c d e f ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(searchable('so wa')).toBe(false);
    expect(searchable('so wag')).toBe(true);
    expect(await searchCustomers(db, 'so wa', {}, page)).toEqual([]);
    expect(await searchCustomers(db, 'so wag', {}, page)).toEqual(expect.arrayContaining([ids.sonia, ids.sonja]));
  });

  it('ranks a broad term among its first candidates, its exact e-mail always among them', async () => {
    const many = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        db.prisma.customer.create({
          data: { reference: `BULK-${i}`, email: `bulk${i}@crowd.example`, firstName: 'Bulk', lastName: `Crowd${i}` },
        }),
      ),
    );
    const exact = many[17]!;
    expect((await searchCustomers(db, 'bulk17@crowd.example', {}, page))[0]).toBe(exact.id);
    // A term broader than the candidate cap still answers a full page, and the exact e-mail first.
    const { SEARCH_CANDIDATES } = await import('../src/search.js');
    expect(SEARCH_CANDIDATES).toBeGreaterThan(page.limit);
    expect(await searchCustomers(db, 'crowd', {}, { limit: 50, offset: 0 })).toHaveLength(30);
  });

  it('names the customers and companies a login-token search means, or null when there are too many', async () => {
    expect(await searchTargets(db, 'wagner')).toEqual({
      customerIds: expect.arrayContaining([ids.sonia, ids.sonja]),
      companyIds: [],
    });
    expect(await searchTargets(db, 'logistics')).toMatchObject({ customerIds: [], companyIds: [expect.any(String)] });
    expect(await searchTargets(db, 'example', 2)).toEqual({ customerIds: null, companyIds: [] });
    expect(await searchTargets(db, 'ab')).toEqual({ customerIds: [], companyIds: [] });
  });
});
