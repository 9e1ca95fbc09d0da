import { describe, expect, it } from 'vitest';
import { anonymousScopes, checkLoginToken, defaultPolicy, type LoginTokenFacts, loginTokenWindow } from '../src/index.js';
import { at, companyUser, customer, NOW } from './fixtures.js';

const token = (over: Partial<LoginTokenFacts> = {}): LoginTokenFacts => ({
  clientId: 'storefront',
  revokedAt: null,
  notBefore: null,
  expiresAt: at(3600),
  oneTimeUse: true,
  successfulAttempts: 0,
  requestIp: null,
  customer: customer(),
  companyUser: null,
  ...over,
});
const ctx = { now: NOW, ip: '203.0.113.7', clientId: 'storefront' };

describe('checkLoginToken', () => {
  it('admits a valid customer, company-user and anonymous token', () => {
    expect(checkLoginToken(token(), ctx)).toEqual({ ok: true, value: 'customer' });
    expect(checkLoginToken(token({ companyUser: companyUser() }), ctx)).toEqual({ ok: true, value: 'company_user' });
    expect(checkLoginToken(token({ customer: null }), ctx)).toEqual({ ok: true, value: 'anonymous' });
  });

  it('admits an open-ended, multi-use, IP-bound token from its IP', () => {
    const t = token({ expiresAt: null, notBefore: at(-1), oneTimeUse: false, successfulAttempts: 9, requestIp: '203.0.113.7' });
    expect(checkLoginToken(t, ctx).ok).toBe(true);
  });

  it.each([
    [{ revokedAt: at(-1) }, 'login_token_revoked'],
    [{ clientId: 'other' }, 'login_token_wrong_client'],
    [{ notBefore: at(1) }, 'login_token_not_yet_valid'],
    [{ expiresAt: NOW }, 'login_token_expired'],
    [{ successfulAttempts: 1 }, 'login_token_used_up'],
    [{ requestIp: '198.51.100.1' }, 'login_token_ip_mismatch'],
    [{ customer: customer({ status: 'disabled' }) }, 'customer_disabled'],
    [{ companyUser: companyUser({ status: 'disabled' }) }, 'company_user_disabled'],
    [{ customer: null, companyUser: companyUser() }, 'company_user_not_owned'],
  ] as const)('refuses %o with %s', (over, code) => {
    expect(checkLoginToken(token(over), ctx)).toMatchObject({ ok: false, code });
  });
});

describe('loginTokenWindow', () => {
  const DAY = 24 * 3600;
  const rules = defaultPolicy.loginToken;
  const max = 7 * DAY;
  const capped = { ...rules, maxLifetimeSeconds: max, defaultLifetimeSeconds: max };

  it('defaults to the default lifetime (30 days) and one-time use', () => {
    expect(loginTokenWindow({}, NOW, rules)).toEqual({ ok: true, value: { notBefore: null, expiresAt: at(30 * DAY), oneTimeUse: true } });
  });

  it('lets a token never expire (null) unless policy requires an expiry or caps the lifetime', () => {
    expect(loginTokenWindow({ expiresAt: null }, NOW, rules)).toEqual({
      ok: true,
      value: { notBefore: null, expiresAt: null, oneTimeUse: true },
    });
    expect(loginTokenWindow({ expiresAt: null }, NOW, { ...rules, requireExpiry: true })).toMatchObject({
      code: 'login_token_expiry_required',
    });
    expect(loginTokenWindow({ expiresAt: null }, NOW, capped)).toMatchObject({ code: 'login_token_expiry_required' });
    expect(loginTokenWindow({}, NOW, { ...rules, defaultLifetimeSeconds: null })).toMatchObject({ ok: true, value: { expiresAt: null } });
  });

  it('has no cap by default', () => {
    expect(loginTokenWindow({ expiresAt: at(3650 * DAY) }, NOW, rules)).toMatchObject({ ok: true, value: { expiresAt: at(3650 * DAY) } });
  });

  it('measures the lifetime from a future notBefore and keeps an explicit multi-use', () => {
    const result = loginTokenWindow({ notBefore: at(100), expiresAt: at(100 + max), oneTimeUse: false }, NOW, capped);
    expect(result).toEqual({ ok: true, value: { notBefore: at(100), expiresAt: at(100 + max), oneTimeUse: false } });
    expect(loginTokenWindow({ notBefore: at(100) }, NOW, capped)).toMatchObject({ ok: true, value: { expiresAt: at(100 + max) } });
  });

  it('measures from now when notBefore is past', () => {
    expect(loginTokenWindow({ notBefore: at(-100), expiresAt: at(max) }, NOW, capped).ok).toBe(true);
  });

  it('refuses a window that ends before it starts or lasts longer than the cap', () => {
    expect(loginTokenWindow({ expiresAt: NOW }, NOW, rules)).toMatchObject({ code: 'login_token_window_invalid' });
    expect(loginTokenWindow({ notBefore: at(10), expiresAt: at(5) }, NOW, rules)).toMatchObject({ code: 'login_token_window_invalid' });
    expect(loginTokenWindow({ expiresAt: at(max + 1) }, NOW, capped)).toMatchObject({ code: 'login_token_lifetime_exceeded' });
  });
});

describe('anonymousScopes', () => {
  const rules = { ...defaultPolicy.loginToken, anonymousScopes: ['punchout', 'catalog:read'] };

  it('grants every anonymous scope when none is asked for', () => {
    expect(anonymousScopes([], rules)).toEqual([]);
  });

  it('drops requested scopes that anonymous sessions may not have', () => {
    expect(anonymousScopes(['catalog:read', 'orders:write'], rules)).toEqual(['catalog:read']);
  });
});
