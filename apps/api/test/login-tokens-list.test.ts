import type { LoginToken } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../src/index.js';
import { LOGIN_TOKEN_SORT_FIELDS } from '../src/login-tokens/schemas.js';
import { loginTokenRows } from './login-token-rows.js';
import { createHarness, expectInvalid, failure, type Harness, latchkeyCode } from './setup.js';

type ListInput = Exclude<RouterInputs['loginTokens']['list'], void>;
type Filters = Omit<ListInput, 'limit' | 'cursor' | 'sort'>;

let h: Harness;
let rows: LoginToken[];
const customers: string[] = [];
const companyUsers: { id: string; customerId: string }[] = [];
const T0 = Date.parse('2026-06-01T00:00:00.000Z');
const HOUR = 3600_000;
const t = (hours: number) => new Date(T0 + hours * HOUR);
const iso = (hours: number) => t(hours).toISOString();
const ROWS = 300;

beforeAll(async () => {
  h = await createHarness(t(0));
  for (const id of ['storefront', 'punchout']) await h.db.prisma.oAuthClient.create({ data: { id, name: id, type: 'public' } });
  const company = await h.db.prisma.company.create({ data: { name: 'Seed Co' } });
  for (let i = 0; i < 4; i++) {
    const c = await h.db.prisma.customer.create({
      data: { reference: `R${i}`, email: `seed${i}@example.com`, firstName: 'Seed', lastName: `N${i}` },
    });
    customers.push(c.id);
    if (i < 2)
      companyUsers.push({
        id: (await h.db.prisma.companyUser.create({ data: { customerId: c.id, companyId: company.id } })).id,
        customerId: c.id,
      });
  }
  const data = loginTokenRows(ROWS, { at: t, customerIds: customers, companyUsers, kinds: 5 });
  await h.db.prisma.loginToken.createMany({ data });
  rows = await h.db.prisma.loginToken.findMany();
  expect(rows).toHaveLength(ROWS);
});
afterAll(() => h.dispose());

/** Every id the list answers for these filters, following the cursor to the end. */
async function listAll(input: Omit<ListInput, 'cursor'>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await h.admin.loginTokens.list({ ...input, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 50);
    ids.push(...page.items.map((item) => item.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const within = (value: Date | null, from?: number, to?: number) =>
  value !== null && (from === undefined || value >= t(from)) && (to === undefined || value < t(to));
const compare = {
  eq: (a: number, b: number) => a === b,
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
};

describe('loginTokens.list filters', () => {
  const sample = () => rows.filter((_, i) => i % 29 === 0).map((r) => r.id);
  const cases: { name: string; filters: () => Filters; expected: (row: LoginToken) => boolean }[] = [
    {
      name: 'ids',
      filters: () => ({ ids: [...sample(), '00000000-0000-7000-8000-000000000000'] }),
      expected: (r) => sample().includes(r.id),
    },
    {
      name: 'customerId (finds its company users too)',
      filters: () => ({ customerId: customers[0]! }),
      expected: (r) => r.customerId === customers[0],
    },
    {
      name: 'companyUserId',
      filters: () => ({ companyUserId: companyUsers[1]!.id }),
      expected: (r) => r.companyUserId === companyUsers[1]!.id,
    },
    { name: 'clientId', filters: () => ({ clientId: 'punchout' }), expected: (r) => r.clientId === 'punchout' },
    {
      name: 'subjectType customer',
      filters: () => ({ subjectType: 'customer' }),
      expected: (r) => r.customerId !== null && r.companyUserId === null,
    },
    { name: 'subjectType company_user', filters: () => ({ subjectType: 'company_user' }), expected: (r) => r.companyUserId !== null },
    {
      name: 'subjectType anonymous',
      filters: () => ({ subjectType: 'anonymous' }),
      expected: (r) => r.customerId === null && r.companyUserId === null,
    },
    {
      name: 'expiresAt from..to',
      filters: () => ({ expiresAt: { from: iso(36), to: iso(60) } }),
      expected: (r) => within(r.expiresAt, 36, 60),
    },
    { name: 'expiresAt from', filters: () => ({ expiresAt: { from: t(72) } }), expected: (r) => within(r.expiresAt, 72) },
    { name: 'expiresAt to', filters: () => ({ expiresAt: { to: iso(30) } }), expected: (r) => within(r.expiresAt, undefined, 30) },
    {
      name: 'createdAt from..to',
      filters: () => ({ createdAt: { from: iso(-10), to: iso(-3) } }),
      expected: (r) => within(r.createdAt, -10, -3),
    },
    {
      name: 'updatedAt from..to',
      filters: () => ({ updatedAt: { from: iso(-3), to: iso(-1) } }),
      expected: (r) => within(r.updatedAt, -3, -1),
    },
    {
      name: 'lastAccessedAt from..to',
      filters: () => ({ lastAccessedAt: { from: iso(2), to: iso(6) } }),
      expected: (r) => within(r.lastAccessedAt, 2, 6),
    },
    ...(['eq', 'gt', 'gte', 'lt', 'lte'] as const).flatMap((op) => [
      {
        name: `successfulAttempts ${op} 2`,
        filters: (): Filters => ({ successfulAttempts: { op, value: 2 } }),
        expected: (r: LoginToken) => compare[op](r.successfulAttempts, 2),
      },
      {
        name: `failedAttempts ${op} 1`,
        filters: (): Filters => ({ failedAttempts: { op, value: 1 } }),
        expected: (r: LoginToken) => compare[op](r.failedAttempts, 1),
      },
    ]),
    { name: 'oneTimeUse true', filters: () => ({ oneTimeUse: true }), expected: (r) => r.oneTimeUse },
    { name: 'oneTimeUse false', filters: () => ({ oneTimeUse: false }), expected: (r) => !r.oneTimeUse },
    { name: 'revoked true', filters: () => ({ revoked: true }), expected: (r) => r.revokedAt !== null },
    { name: 'revoked false', filters: () => ({ revoked: false }), expected: (r) => r.revokedAt === null },
    {
      name: 'several at once',
      filters: () => ({
        customerId: customers[1]!,
        oneTimeUse: false,
        failedAttempts: { op: 'gte', value: 1 },
        expiresAt: { from: iso(24) },
      }),
      expected: (r) => r.customerId === customers[1] && !r.oneTimeUse && r.failedAttempts >= 1 && within(r.expiresAt, 24),
    },
  ];

  it.each(cases)('$name', async ({ filters, expected }) => {
    const want = rows
      .filter(expected)
      .map((r) => r.id)
      .sort();
    // Each filter must keep some rows and drop some, or the case proves nothing.
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(ROWS);
    expect((await listAll({ ...filters(), limit: 200 })).sort()).toEqual(want);
  });

  it('answers the screen columns for each row', async () => {
    const companyUser = rows.find((r) => r.companyUserId)!;
    const [item] = (await h.admin.loginTokens.list({ ids: [companyUser.id] })).items;
    expect(item).toMatchObject({ subjectType: 'company_user', subjectName: expect.stringMatching(/^Seed N\d$/), companyName: 'Seed Co' });
  });

  it('refuses malformed filters with zod issues', async () => {
    await expectInvalid(h.admin.loginTokens.list({ expiresAt: { from: iso(5), to: iso(5) } }), ['expiresAt', 'to']);
    await expectInvalid(h.admin.loginTokens.list({ successfulAttempts: { op: 'gt', value: -1 } }), ['successfulAttempts', 'value']);
    // @ts-expect-error -- 'ne' is not an operator of the screen's condition picker
    await expectInvalid(h.admin.loginTokens.list({ failedAttempts: { op: 'ne', value: 1 } }), ['failedAttempts', 'op']);
    // @ts-expect-error -- there is no such filter; an unknown key is refused, not ignored
    await expectInvalid(h.admin.loginTokens.list({ name: 'Seed' }), []);
    await expectInvalid(h.admin.loginTokens.list({ limit: 0 }), ['limit']);
    await expectInvalid(h.admin.loginTokens.list({ limit: 201 }), ['limit']);
    await expectInvalid(h.admin.loginTokens.list({ ids: ['not-a-uuid'] }), ['ids', 0]);
  });
});

describe('loginTokens.list pagination', () => {
  type Field = (typeof LOGIN_TOKEN_SORT_FIELDS)[number];
  const cmpId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const key = (row: LoginToken, field: Field): number | null => {
    const value = row[field];
    return value instanceof Date ? value.getTime() : value;
  };
  /** The order the API promises: by the field, nulls last either way, then by id in the same direction. */
  function expectedOrder(field: Field, direction: 'asc' | 'desc', subset = rows): string[] {
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

  const orders = LOGIN_TOKEN_SORT_FIELDS.flatMap((field) => (['asc', 'desc'] as const).map((direction) => ({ field, direction })));

  it.each(orders)('pages by $field $direction without gaps or repeats', async ({ field, direction }) => {
    const ids = await listAll({ sort: { field, direction }, limit: 7 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expectedOrder(field, direction));
  });

  it('pages a filtered list too, and defaults to newest first', async () => {
    const ids = await listAll({ revoked: false, clientId: 'storefront', sort: { field: 'lastAccessedAt', direction: 'desc' }, limit: 9 });
    expect(ids).toEqual(
      expectedOrder(
        'lastAccessedAt',
        'desc',
        rows.filter((r) => r.revokedAt === null && r.clientId === 'storefront'),
      ),
    );
    expect(await listAll({ limit: 13 })).toEqual(expectedOrder('createdAt', 'desc'));
    const first = await h.admin.loginTokens.list();
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('ends with a null cursor when the last page is exactly full', async () => {
    const page = await h.admin.loginTokens.list({ limit: 200, revoked: true });
    expect(page.items).toHaveLength(ROWS / 10);
    expect(page.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not hand out, or one from another sort', async () => {
    const page = await h.admin.loginTokens.list({ limit: 5, sort: { field: 'expiresAt', direction: 'asc' } });
    const other = await failure(
      h.admin.loginTokens.list({ limit: 5, cursor: page.nextCursor!, sort: { field: 'expiresAt', direction: 'desc' } }),
    );
    expect(other).toMatchObject({ code: 'BAD_REQUEST', message: 'cursor belongs to a different sort order' });
    expect(latchkeyCode(other)).toBe('cursor_sort_mismatch');
    const garbage = await failure(h.admin.loginTokens.list({ cursor: 'garbage' }));
    expect([garbage.code, latchkeyCode(garbage)]).toEqual(['BAD_REQUEST', 'cursor_invalid']);
    const forged = Buffer.from(JSON.stringify({ s: 'createdAt:desc', v: ['d', iso(0)], id: 'not-a-uuid' })).toString('base64url');
    // Well-formed, but its id is no uuid: no cursor this list hands out, refused before the database sees it.
    const refused = await failure(h.admin.loginTokens.list({ cursor: forged }));
    expect([refused.code, latchkeyCode(refused)]).toEqual(['BAD_REQUEST', 'cursor_invalid']);
  });
});
