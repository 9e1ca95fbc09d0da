import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCounterKey,
  beginPasswordLogin,
  ipCounterKey,
  loadCustomerWithCompanyUser,
  readLoginFailures,
  reserveLoginAttempt,
  settleLoginAttempt,
  settlePasswordLogin,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

// A password login's two statements around argon2 (login-attempts.ts): the lockout rules are
// login-failures.ts's (login-failures.test.ts); here, what each statement folds in beside them.
let db: TestDb;
const ids = { customer: '', cu: '', other: '' };
const t0 = new Date('2026-11-22T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const rule = { maxFailures: 3, windowSeconds: 900, backoff: { baseSeconds: 60, factor: 2, maxSeconds: 3600 } };

beforeAll(async () => {
  db = await createTestDb();
  const c = await db.prisma.customer.create({
    data: { reference: 'R-1', email: 'c@example.com', firstName: 'C', lastName: 'D', emailVerifiedAt: new Date(), passwordHash: 'h' },
  });
  const [company, second] = await Promise.all([
    db.prisma.company.create({ data: { name: 'ACME' } }),
    db.prisma.company.create({ data: { name: 'Second' } }),
  ]);
  const cu = await db.prisma.companyUser.create({ data: { customerId: c.id, companyId: company.id, isDefault: true } });
  const other = await db.prisma.companyUser.create({ data: { customerId: c.id, companyId: second.id } });
  await db.prisma.agent.create({ data: { email: 'a@example.com', firstName: 'A', lastName: 'B', roles: ['editor'], passwordHash: 'ah' } });
  Object.assign(ids, { customer: c.id, cu: cu.id, other: other.id });
});
afterAll(() => db.dispose());

const counter = async (key: string) => (await readLoginFailures(db.sql, [key])).get(key);
const begin = (email: string | null, ipKey: string, accountKey: string, now = t0, directory: 'customer' | 'agent' = 'customer') =>
  beginPasswordLogin(db.sql, { directory, email, ipKey, accountKey, now, ipRule: rule });

describe('before argon2, one statement', () => {
  it('reserves the IP, reads the account counter and the candidate', async () => {
    const ip = ipCounterKey('203.0.113.1');
    const account = accountCounterKey('customer', 'c@example.com');
    await settleLoginAttempt(db.sql, account, { begunAt: t0, now: t0, failed: true }, rule);
    const begun = await begin('c@example.com', ip, account);
    expect(begun).toEqual({
      ipReserved: true,
      account: { failures: 1, windowStartedAt: t0, lastFailureAt: t0 },
      candidate: { id: ids.customer, passwordHash: 'h', status: 'active', emailVerified: true, roles: [], reference: 'R-1' },
    });
    expect((await counter(ip))?.failures).toBe(1);
    expect((await begin('a@example.com', ip, accountCounterKey('agent', 'a@example.com'), t0, 'agent')).candidate).toMatchObject({
      passwordHash: 'ah',
      roles: ['editor'],
      emailVerified: true,
    });
  });

  it('finds no candidate for an unknown or absent name, and no counter for an account never failed', async () => {
    const ip = ipCounterKey('203.0.113.2');
    expect(await begin('nobody@example.com', ip, accountCounterKey('customer', 'nobody@example.com'))).toEqual({
      ipReserved: true,
      account: undefined,
      candidate: null,
    });
    expect((await begin(null, ip, accountCounterKey('customer', 'x'))).candidate).toBeNull();
    expect((await begin('c@example.com', ip, 'agent:none', t0, 'agent')).candidate).toBeNull();
  });

  it('counts nothing on a locked IP, and still reads the rest', async () => {
    const ip = ipCounterKey('203.0.113.3');
    for (let i = 0; i < 3; i++) await reserveLoginAttempt(db.sql, ip, t0, rule);
    const begun = await begin('c@example.com', ip, accountCounterKey('customer', 'c@example.com'), at(10));
    expect(begun.ipReserved).toBe(false);
    expect(begun.candidate?.id).toBe(ids.customer);
    expect((await counter(ip))?.failures).toBe(3);
  });
});

describe('after argon2, one statement', () => {
  const settle = (accountKey: string, ipKey: string, failed: boolean, facts?: Parameters<typeof settlePasswordLogin>[1]['facts'], s = 0) =>
    settlePasswordLogin(db.sql, { accountKey, ipKey, attempt: { begunAt: at(s), now: at(s), failed }, rule, facts });

  it('settles a right password, gives the IP back and reads the session facts', async () => {
    const ip = ipCounterKey('203.0.113.10');
    const account = accountCounterKey('customer', 'right@example.com');
    await reserveLoginAttempt(db.sql, ip, t0, rule);
    await settleLoginAttempt(db.sql, account, { begunAt: t0, now: t0, failed: true }, rule);
    await reserveLoginAttempt(db.sql, ip, t0, rule);
    const settled = await settle(account, ip, false, { customerId: ids.customer, companyUser: 'default' }, 1);
    expect(settled).toEqual({ settled: true, facts: await loadCustomerWithCompanyUser(db.sql, ids.customer, 'default') });
    expect(settled.facts?.companyUser?.id).toBe(ids.cu);
    expect((await counter(ip))?.failures).toBe(1);
    expect((await counter(account))?.failures).toBe(0);

    await reserveLoginAttempt(db.sql, ip, at(2), rule);
    const byId = await settle(account, ip, false, { customerId: ids.customer, companyUser: { id: ids.other } }, 2);
    expect(byId.facts?.companyUser?.id).toBe(ids.other);
    expect((await counter(ip))?.failures).toBe(1);
    expect(await settle(account, ip, false, undefined, 3)).toEqual({ settled: true, facts: null });
  });

  it('keeps a told failure on the IP and reads no facts for it', async () => {
    const ip = ipCounterKey('203.0.113.11');
    const account = accountCounterKey('customer', 'wrong@example.com');
    await reserveLoginAttempt(db.sql, ip, t0, rule);
    expect(await settle(account, ip, true, { customerId: ids.customer, companyUser: 'default' })).toEqual({ settled: true, facts: null });
    expect((await counter(ip))?.failures).toBe(1);
    expect((await counter(account))?.failures).toBe(1);
    // An unknown name settles by the same statement, without a customer.
    expect(await settle(account, ip, true, { customerId: null, companyUser: 'default' })).toEqual({ settled: true, facts: null });
  });

  it('on a locked account counts nothing, gives the IP back, and reads no facts even for the right password', async () => {
    const ip = ipCounterKey('203.0.113.12');
    const account = accountCounterKey('customer', 'locked@example.com');
    for (let i = 0; i < 3; i++) await settleLoginAttempt(db.sql, account, { begunAt: t0, now: t0, failed: true }, rule);
    for (const failed of [true, false]) {
      await reserveLoginAttempt(db.sql, ip, at(10), rule);
      expect(await settle(account, ip, failed, { customerId: ids.customer, companyUser: 'default' }, 10)).toEqual({
        settled: false,
        facts: null,
      });
      expect((await counter(ip))?.failures).toBe(0);
    }
    expect((await counter(account))?.failures).toBe(3);
  });

  // On PostgreSQL these race: settlements of one account from one IP lock the account's row, then the IP's, so
  // none waits on the other in the opposite order (a deadlock would fail the statement).
  it('settles concurrent logins of one account from one IP without a deadlock', async () => {
    const ip = ipCounterKey('203.0.113.13');
    const account = accountCounterKey('customer', 'burst@example.com');
    const many = { ...rule, maxFailures: 1000 };
    const n = 60;
    for (let i = 0; i < n; i++) await reserveLoginAttempt(db.sql, ip, t0, many);
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        settlePasswordLogin(db.sql, {
          accountKey: account,
          ipKey: ip,
          attempt: { begunAt: t0, now: at(1), failed: i % 2 === 0 },
          rule: many,
          facts: { customerId: ids.customer, companyUser: 'default' },
        }),
      ),
    );
    expect(results.every((r) => r.settled)).toBe(true);
    expect(results.filter((r) => r.facts !== null)).toHaveLength(n / 2);
    expect((await counter(ip))?.failures).toBe(n / 2);
  });
});
