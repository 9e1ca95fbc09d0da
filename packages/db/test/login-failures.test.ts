import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCounterKey,
  dropClearedCounter,
  ipCounterKey,
  readLoginFailures,
  releaseLoginAttempt,
  reserveLoginAttempt,
  settleLoginAttempt,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const t0 = new Date('2026-11-22T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

describe('login failure counters', () => {
  it('keys accounts case-insensitively per directory, without the name in clear', () => {
    expect(accountCounterKey('customer', ' Sonia@Example.com')).toBe(accountCounterKey('customer', 'sonia@example.com'));
    expect(accountCounterKey('customer', 'sonia@example.com')).toMatch(/^customer:[A-Za-z0-9_-]{43}$/);
    expect(accountCounterKey('agent', 'sonia@example.com')).not.toBe(accountCounterKey('customer', 'sonia@example.com'));
    expect(ipCounterKey('203.0.113.1')).toBe('ip:203.0.113.1');
  });

  const rule = { maxFailures: 3, windowSeconds: 900, backoff: { baseSeconds: 60, factor: 2, maxSeconds: 3600 } };
  const counter = async (key: string) => (await readLoginFailures(db.sql, [key])).get(key);

  it('counts within the window and restarts after it', async () => {
    const key = accountCounterKey('customer', 'a@example.com');
    expect(await reserveLoginAttempt(db.sql, key, t0, rule)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 1, windowStartedAt: t0, lastFailureAt: t0 });
    expect(await reserveLoginAttempt(db.sql, key, at(10), rule)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 2, windowStartedAt: t0, lastFailureAt: at(10) });
    expect(await reserveLoginAttempt(db.sql, key, at(900), rule)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 1, windowStartedAt: at(900), lastFailureAt: at(900) });
  });

  it('refuses past the limit until the backoff ends, then doubles it', async () => {
    const key = accountCounterKey('customer', 'c@example.com');
    for (let i = 0; i < 3; i++) expect(await reserveLoginAttempt(db.sql, key, t0, rule)).toBe(true);
    expect(await reserveLoginAttempt(db.sql, key, at(59), rule)).toBe(false);
    expect((await counter(key))?.failures).toBe(3);
    expect(await reserveLoginAttempt(db.sql, key, at(60), rule)).toBe(true);
    expect(await reserveLoginAttempt(db.sql, key, at(179), rule)).toBe(false);
    expect(await reserveLoginAttempt(db.sql, key, at(180), rule)).toBe(true);
    expect(await reserveLoginAttempt(db.sql, key, at(180 + 239), rule)).toBe(false);
    expect((await counter(key))?.failures).toBe(5);
  });

  it('gives a reservation back', async () => {
    const key = ipCounterKey('203.0.113.3');
    await reserveLoginAttempt(db.sql, key, t0, rule);
    await reserveLoginAttempt(db.sql, key, t0, rule);
    await releaseLoginAttempt(db.sql, key);
    expect((await counter(key))?.failures).toBe(1);
  });

  it('settles a failure as a reservation counts it, and refuses it while locked', async () => {
    const key = accountCounterKey('customer', 'd@example.com');
    for (let i = 0; i < 3; i++) expect(await settleLoginAttempt(db.sql, key, at(i), rule, true)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 3, windowStartedAt: t0, lastFailureAt: at(2) });
    expect(await settleLoginAttempt(db.sql, key, at(61), rule, true)).toBe(false);
    expect(await settleLoginAttempt(db.sql, key, at(61), rule, false)).toBe(false);
    expect((await counter(key))?.failures).toBe(3);
    expect(await settleLoginAttempt(db.sql, key, at(62), rule, true)).toBe(true);
    expect((await counter(key))?.failures).toBe(4);
  });

  it('starts the count again on the right password, unless locked', async () => {
    const key = accountCounterKey('customer', 'e@example.com');
    await settleLoginAttempt(db.sql, key, t0, rule, true);
    await settleLoginAttempt(db.sql, key, at(1), rule, true);
    expect(await settleLoginAttempt(db.sql, key, at(5), rule, false)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 0, windowStartedAt: at(5), lastFailureAt: at(1) });
    const fresh = accountCounterKey('customer', 'f@example.com');
    expect(await settleLoginAttempt(db.sql, fresh, t0, rule, false)).toBe(true);
    expect((await counter(fresh))?.failures).toBe(0);
  });

  it('reads several counters, and drops one a success left at zero but not one counted since', async () => {
    const account = accountCounterKey('customer', 'b@example.com');
    const ip = ipCounterKey('203.0.113.2');
    await settleLoginAttempt(db.sql, account, t0, rule, true);
    await reserveLoginAttempt(db.sql, ip, t0, rule);
    const counters = await readLoginFailures(db.sql, [account, ip, 'ip:none']);
    expect([...counters.keys()].sort()).toEqual([account, ip].sort());
    await dropClearedCounter(db.prisma, account);
    expect((await readLoginFailures(db.sql, [account])).get(account)?.failures).toBe(1);
    await settleLoginAttempt(db.sql, account, at(1), rule, false);
    await dropClearedCounter(db.prisma, account);
    expect((await readLoginFailures(db.sql, [account, ip])).has(account)).toBe(false);
  });
});
