import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountCounterKey,
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

  const settle = (key: string, begun: number, failed: boolean, settled = begun) =>
    settleLoginAttempt(db.sql, key, { begunAt: at(begun), now: at(settled), failed }, rule);

  it('settles a failure as a reservation counts it, and refuses it while locked', async () => {
    const key = accountCounterKey('customer', 'd@example.com');
    for (let i = 0; i < 3; i++) expect(await settle(key, i, true)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 3, windowStartedAt: t0, lastFailureAt: at(2) });
    expect(await settle(key, 61, true)).toBe(false);
    expect(await settle(key, 61, false)).toBe(false);
    expect((await counter(key))?.failures).toBe(3);
    expect(await settle(key, 62, true)).toBe(true);
    expect((await counter(key))?.failures).toBe(4);
  });

  it('starts the count again on the right password, unless locked', async () => {
    const key = accountCounterKey('customer', 'e@example.com');
    await settle(key, 0, true);
    await settle(key, 1, true);
    expect(await settle(key, 5, false)).toBe(true);
    expect(await counter(key)).toEqual({ failures: 0, windowStartedAt: at(5), lastFailureAt: at(1) });
    expect(await settle(key, 6, true)).toBe(true);
    expect((await counter(key))?.failures).toBe(1);
    const fresh = accountCounterKey('customer', 'f@example.com');
    expect(await settle(fresh, 0, false)).toBe(true);
    expect((await counter(fresh))?.failures).toBe(0);
  });

  it('counts an attempt begun before a right password against the count that one ended', async () => {
    const key = accountCounterKey('customer', 'g@example.com');
    await settle(key, 0, true);
    await settle(key, 1, true);
    // Begun at 1, settled at 5: the count starts again for attempts begun from 5 on.
    expect(await settle(key, 1, false, 5)).toBe(true);
    // Begun at 2, beside it: the third failure of the count it ended, and the first of the new one.
    expect(await settle(key, 2, true, 6)).toBe(true);
    expect(await settle(key, 3, true, 7)).toBe(false);
    expect(await settle(key, 3, false, 7)).toBe(false);
    expect((await counter(key))?.failures).toBe(1);
    // Begun after it: the new count, which already holds the failure begun beside it.
    expect(await settle(key, 8, true)).toBe(true);
    expect(await settle(key, 9, true)).toBe(true);
    expect(await settle(key, 10, true)).toBe(false);
    expect((await counter(key))?.failures).toBe(3);
  });

  it('reads several counters in one query', async () => {
    const account = accountCounterKey('customer', 'b@example.com');
    const ip = ipCounterKey('203.0.113.2');
    await settle(account, 0, true);
    await reserveLoginAttempt(db.sql, ip, t0, rule);
    const counters = await readLoginFailures(db.sql, [account, ip, 'ip:none']);
    expect([...counters.keys()].sort()).toEqual([account, ip].sort());
  });
});
