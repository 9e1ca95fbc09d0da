import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCounterKey, clearLoginFailures, ipCounterKey, readLoginFailures, recordLoginFailure } from '../src/index.js';
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

  it('counts within the window and restarts after it', async () => {
    const key = accountCounterKey('customer', 'a@example.com');
    expect(await recordLoginFailure(db.prisma, key, t0, 900)).toEqual({ failures: 1, windowStartedAt: t0, lastFailureAt: t0 });
    expect(await recordLoginFailure(db.prisma, key, at(10), 900)).toEqual({ failures: 2, windowStartedAt: t0, lastFailureAt: at(10) });
    expect(await recordLoginFailure(db.prisma, key, at(900), 900)).toEqual({
      failures: 1,
      windowStartedAt: at(900),
      lastFailureAt: at(900),
    });
  });

  it('reads several counters and clears one', async () => {
    const account = accountCounterKey('customer', 'b@example.com');
    const ip = ipCounterKey('203.0.113.2');
    await recordLoginFailure(db.prisma, account, t0, 900);
    await recordLoginFailure(db.prisma, ip, t0, 900);
    const counters = await readLoginFailures(db.sql, [account, ip, 'ip:none']);
    expect([...counters.keys()].sort()).toEqual([account, ip].sort());
    await clearLoginFailures(db.prisma, account);
    expect((await readLoginFailures(db.sql, [account, ip])).has(account)).toBe(false);
  });
});
