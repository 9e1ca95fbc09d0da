import { describe, expect, it } from 'vitest';
import { backoffSeconds, defaultPolicy, lockoutState, parsePolicy } from '../src/index.js';
import { at, NOW } from './fixtures.js';

const rules = defaultPolicy.lockout;
const counter = (failures: number, lastFailureAgo = 0) => ({
  failures,
  windowStartedAt: at(-600),
  lastFailureAt: at(-lastFailureAgo),
});

describe('backoffSeconds', () => {
  it('doubles from the base and stops at the cap', () => {
    expect(backoffSeconds(0, rules)).toBe(60);
    expect(backoffSeconds(3, rules)).toBe(480);
    expect(backoffSeconds(100, rules)).toBe(3600);
    expect(backoffSeconds(-2, rules)).toBe(60);
  });
});

describe('lockoutState', () => {
  it('lets a clean slate through', () => {
    expect(lockoutState({}, NOW, rules)).toEqual({ ok: true, value: { locked: false } });
    expect(lockoutState({ account: null, ip: null }, NOW, rules).ok).toBe(true);
  });

  it('lets failures under the threshold through', () => {
    expect(lockoutState({ account: counter(4) }, NOW, rules).ok).toBe(true);
  });

  it('locks the account at the threshold until the backoff ends', () => {
    expect(lockoutState({ account: counter(5, 10) }, NOW, rules)).toMatchObject({
      ok: false,
      code: 'account_locked',
      retryAfterSeconds: 50,
    });
    expect(lockoutState({ account: counter(5, 60) }, NOW, rules).ok).toBe(true);
  });

  it('backs off longer with every failure past the threshold', () => {
    expect(lockoutState({ account: counter(7, 0) }, NOW, rules)).toMatchObject({ retryAfterSeconds: 240 });
  });

  it('locks by IP on its own threshold, the account code winning when both lock', () => {
    const ipRules = parsePolicy({ lockout: { ip: { maxFailures: 3 } } }).lockout;
    expect(lockoutState({ ip: counter(3) }, NOW, ipRules)).toMatchObject({ code: 'ip_locked' });
    expect(lockoutState({ account: counter(5), ip: counter(3) }, NOW, ipRules)).toMatchObject({ code: 'account_locked' });
  });
});
