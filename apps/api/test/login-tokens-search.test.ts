import { type LoginToken, SEARCH_CANDIDATES, uuidv7 } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../src/index.js';
import { LOGIN_TOKEN_SORT_FIELDS } from '../src/login-tokens/schemas.js';
import { loginTokenRows } from './login-token-rows.js';
import { createHarness, type Harness } from './setup.js';

// loginTokens.list against an expectation computed here from the rows
// themselves: filters, a search (narrow terms, a broad one past the
// candidate cap, a company's name, several words), every sort in both
// directions and pages of several sizes, in combination.

type ListInput = Exclude<RouterInputs['loginTokens']['list'], void>;
type Field = (typeof LOGIN_TOKEN_SORT_FIELDS)[number];
type Person = { id: string; email: string; firstName: string; lastName: string };

let h: Harness;
let rows: LoginToken[];
const people = new Map<string, Person>();
const companyOfUser = new Map<string, string>();
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3600_000;
const t = (hours: number) => new Date(T0 + hours * HOUR);
const iso = (hours: number) => t(hours).toISOString();

const NAMED = [
  ['carla.jensen@shop.test', 'Carla', 'Jensen'],
  ['karl.marx@works.test', 'Karl', 'Marx'],
  ['anna@carlson.test', 'Anna', 'Carlson'],
  ['p.blue@harbor.test', 'Peter', 'Blue'],
  ['MIXED.Case@Example.test', 'Mixed', 'Case'],
  ['under_score@odd.test', 'Under', 'Score'],
  ['percent@odd.test', 'Per', 'Cent%'],
  ['lena.fischer@shop.test', 'Lena', 'Fischer'],
] as const;
const COMPANIES = ['Acme Tools', 'Blue Harbor Trading', 'Bakery Carla & Sons'];
// More customers match "broad" than a search ranks candidates among: that term takes the broad path.
const BROAD = SEARCH_CANDIDATES + 40;

beforeAll(async () => {
  h = await createHarness(t(0));
  for (const id of ['storefront', 'punchout']) await h.db.prisma.oAuthClient.create({ data: { id, name: id, type: 'public' } });
  const named: Person[] = [];
  for (const [email, firstName, lastName] of NAMED) {
    const c = await h.db.prisma.customer.create({ data: { reference: email, email: email.toLowerCase(), firstName, lastName } });
    named.push(c);
    people.set(c.id, c);
  }
  const broad = Array.from({ length: BROAD }, (_, i) => ({
    id: uuidv7(),
    reference: `B${i}`,
    email: `broad${i}@bulk.test`,
    firstName: 'Broad',
    lastName: `P${i}`,
  }));
  await h.db.prisma.customer.createMany({ data: broad });
  for (const c of broad.slice(0, 30)) people.set(c.id, c);
  const companies = [];
  for (const name of COMPANIES) companies.push(await h.db.prisma.company.create({ data: { name } }));
  // Company users: named customers 0-3 and two broad ones, spread over the companies.
  const users: { id: string; customerId: string }[] = [];
  for (const [i, customer] of [...named.slice(0, 4), broad[0]!, broad[1]!].entries()) {
    const company = companies[i % companies.length]!;
    const cu = await h.db.prisma.companyUser.create({ data: { customerId: customer.id, companyId: company.id } });
    users.push({ id: cu.id, customerId: customer.id });
    companyOfUser.set(cu.id, company.name);
  }
  const customerIds = [...named.map((c) => c.id), ...broad.slice(0, 30).map((c) => c.id)];
  const data = loginTokenRows(420, { at: t, customerIds, companyUsers: users, kinds: 4 });
  await h.db.prisma.loginToken.createMany({ data });
  rows = await h.db.prisma.loginToken.findMany();
}, 120_000);
afterAll(() => h.dispose());

/** The search's meaning: every word in the customer's e-mail or names, or every word in the contact's company name. */
function matchesSearch(row: LoginToken, term: string): boolean {
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  const person = row.customerId ? people.get(row.customerId) : undefined;
  const fields = person ? [person.email, person.firstName, person.lastName].map((s) => s.toLowerCase()) : [];
  const byPerson = person !== undefined && words.every((w) => fields.some((f) => f.includes(w)));
  const company = row.companyUserId ? companyOfUser.get(row.companyUserId)?.toLowerCase() : undefined;
  const byCompany = company !== undefined && words.every((w) => company.includes(w));
  return byPerson || byCompany;
}

const key = (row: LoginToken, field: Field): number | null => {
  const value = row[field];
  return value instanceof Date ? value.getTime() : value;
};
const cmpId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order the API promises: by the field, nulls last either way, then by id in the same direction. */
function ordered(subset: LoginToken[], field: Field, direction: 'asc' | 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...subset]
    .sort((a, b) => {
      const x = key(a, field);
      const y = key(b, field);
      if (x === null || y === null) return x === y ? sign * cmpId(a.id, b.id) : x === null ? 1 : -1;
      return x === y ? sign * cmpId(a.id, b.id) : sign * (x - y);
    })
    .map((r) => r.id);
}

const within = (value: Date | null, from?: number, to?: number) =>
  value !== null && (from === undefined || value >= t(from)) && (to === undefined || value < t(to));

type Filter = { name: string; input: Omit<ListInput, 'sort' | 'limit' | 'cursor' | 'search'>; keep: (r: LoginToken) => boolean };
const FILTERS: Filter[] = [
  { name: 'no filter', input: {}, keep: () => true },
  { name: 'oneTimeUse', input: { oneTimeUse: true }, keep: (r) => r.oneTimeUse },
  {
    name: 'failed >= 1, not revoked',
    input: { failedAttempts: { op: 'gte', value: 1 }, revoked: false },
    keep: (r) => r.failedAttempts >= 1 && r.revokedAt === null,
  },
  {
    name: 'successful < 3, client punchout',
    input: { successfulAttempts: { op: 'lt', value: 3 }, clientId: 'punchout' },
    keep: (r) => r.successfulAttempts < 3 && r.clientId === 'punchout',
  },
  {
    name: 'expires in a window, company users',
    input: { expiresAt: { from: iso(30), to: iso(70) }, subjectType: 'company_user' },
    keep: (r) => within(r.expiresAt, 30, 70) && r.companyUserId !== null,
  },
  {
    name: 'created and updated ranges',
    input: { createdAt: { from: iso(-12) }, updatedAt: { to: iso(-1) } },
    keep: (r) => within(r.createdAt, -12) && within(r.updatedAt, undefined, -1),
  },
  {
    name: 'last access from, successful eq 1, lock',
    input: { lastAccessedAt: { from: iso(4) }, successfulAttempts: { op: 'eq', value: 1 }, lockCompanyUser: false },
    keep: (r) => within(r.lastAccessedAt, 4) && r.successfulAttempts === 1 && !r.lockCompanyUser,
  },
  {
    name: 'customer tokens, failed lte 2',
    input: { subjectType: 'customer', failedAttempts: { op: 'lte', value: 2 } },
    keep: (r) => r.companyUserId === null && r.customerId !== null && r.failedAttempts <= 2,
  },
  // No person to match: with a search, nothing.
  { name: 'anonymous tokens', input: { subjectType: 'anonymous' }, keep: (r) => r.customerId === null && r.companyUserId === null },
];

const SEARCHES: (string | undefined)[] = [
  undefined,
  'carla', // a first name, an e-mail, a surname's part (Carlson) and a company's name
  'CARL', // any case; Karl does not match, Carla and Carlson do
  'blue', // a surname and a company
  'broad', // past the candidate cap: the broad path
  'broad p1', // two words, the second short
  'shop jensen', // words in different columns
  'under_score', // LIKE's wildcard taken literally
  'cent%',
  'nobody-here',
];

const SORTS = LOGIN_TOKEN_SORT_FIELDS.flatMap((field) => (['asc', 'desc'] as const).map((direction) => ({ field, direction })));
const LIMITS = [5, 13, 50];

/** Every id the list answers, following the cursor to the end. */
async function listAll(input: Omit<ListInput, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 500; guard++) {
    const page = await h.admin.loginTokens.list({ ...input, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 50);
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    expect(page.items).toHaveLength(input.limit ?? 50);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

// Each filter with each search, each pair on a different sort and page size (80 cases).
const CASES = FILTERS.flatMap((filter, i) =>
  SEARCHES.map((search, j) => ({
    label: `${filter.name} | search ${search ?? '-'} | ${SORTS[(i * 5 + j) % SORTS.length]!.field} ${SORTS[(i * 5 + j) % SORTS.length]!.direction}`,
    filter,
    search,
    sort: SORTS[(i * 5 + j) % SORTS.length]!,
    limit: LIMITS[(i + j) % LIMITS.length]!,
  })),
);

describe('loginTokens.list: filters, search, sorts and pages together', () => {
  it('has cases that select something and cases that select nothing', () => {
    const sizes = CASES.map((c) => rows.filter((r) => c.filter.keep(r) && (c.search === undefined || matchesSearch(r, c.search))).length);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(CASES.length / 2);
    expect(sizes.some((n) => n === 0)).toBe(true);
    // The broad term matches tokens of broad customers, and the short second word narrows them.
    expect(rows.filter((r) => matchesSearch(r, 'broad')).length).toBeGreaterThan(rows.filter((r) => matchesSearch(r, 'broad p1')).length);
  });

  it.each(CASES)('$label', async ({ filter, search, sort, limit }) => {
    const want = ordered(
      rows.filter((r) => filter.keep(r) && (search === undefined || matchesSearch(r, search))),
      sort.field,
      sort.direction,
    );
    const got = await listAll({ ...filter.input, ...(search ? { search } : {}), sort, limit });
    expect(got).toEqual(want);
  });

  // A narrow search for customers only is read one customer at a time (packages/db perCustomerIds):
  // by creation up to PER_CUSTOMER_MAX customers ('broad p1' is past it), by another field one customer
  // ('shop jensen', 'fischer', 'under_score'). Every sort, with and without filters, in pages of 3 so
  // cursors cross customers and nullable fields' null tails.
  const PER_CUSTOMER = ['shop jensen', 'shop', 'odd', 'fischer', 'under_score', 'broad p1', 'nobody-here'].flatMap((search) =>
    SORTS.flatMap((sort) => [FILTERS[0]!, FILTERS[2]!, FILTERS[7]!].map((filter) => ({ search, sort, filter }))),
  );
  it.each(PER_CUSTOMER)('one customer at a time: $search, $sort.field $sort.direction | $filter.name', async ({ search, sort, filter }) => {
    const want = ordered(
      rows.filter((r) => filter.keep(r) && matchesSearch(r, search)),
      sort.field,
      sort.direction,
    );
    expect(await listAll({ ...filter.input, search, sort, limit: 3 })).toEqual(want);
  });

  it('shows whom each found token is for', async () => {
    const page = await h.admin.loginTokens.list({ search: 'bakery', limit: 200 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expect(item).toMatchObject({ subjectType: 'company_user', companyName: 'Bakery Carla & Sons' });
    const carla = await h.admin.loginTokens.list({ search: 'jensen', subjectType: 'customer', limit: 1 });
    expect(carla.items[0]).toMatchObject({ subjectName: 'Carla Jensen', subjectEmail: 'carla.jensen@shop.test', companyName: null });
  });
});
