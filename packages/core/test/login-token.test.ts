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
  const rules = defaultPolicy.loginToken;
  const max = rules.maxLifetimeSeconds;

  it('defaults to the maximum lifetime and one-time use', () => {
    expect(loginTokenWindow({}, NOW, rules)).toEqual({ ok: true, value: { notBefore: null, expiresAt: at(max), oneTimeUse: true } });
  });

  it('measures the lifetime from a future notBefore and keeps an explicit multi-use', () => {
    const result = loginTokenWindow({ notBefore: at(100), expiresAt: at(100 + max), oneTimeUse: false }, NOW, rules);
    expect(result).toEqual({ ok: true, value: { notBefore: at(100), expiresAt: at(100 + max), oneTimeUse: false } });
  });

  it('measures from now when notBefore is past', () => {
    expect(loginTokenWindow({ notBefore: at(-100), expiresAt: at(max) }, NOW, rules).ok).toBe(true);
  });

  it('refuses a window that ends before it starts or lasts too long', () => {
    expect(loginTokenWindow({ expiresAt: NOW }, NOW, rules)).toMatchObject({ code: 'login_token_window_invalid' });
    expect(loginTokenWindow({ notBefore: at(10), expiresAt: at(5) }, NOW, rules)).toMatchObject({ code: 'login_token_window_invalid' });
    expect(loginTokenWindow({ expiresAt: at(max + 1) }, NOW, rules)).toMatchObject({ code: 'login_token_lifetime_exceeded' });
  });
});

describe('anonymousScopes', () => {
  const rules = { ...defaultPolicy.loginToken, anonymousScopes: ['punchout', 'catalog:read'] };

  it('grants every anonymous scope when none is asked for', () => {
    expect(anonymousScopes([], rules)).toEqual(['punchout', 'catalog:read']);
  });

  it('drops requested scopes that anonymous sessions may not have', () => {
    expect(anonymousScopes(['catalog:read', 'orders:write'], rules)).toEqual(['catalog:read']);
  });
});
