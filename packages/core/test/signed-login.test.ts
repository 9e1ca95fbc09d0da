import { describe, expect, it } from 'vitest';
import { checkSignedLoginClaims, defaultPolicy } from '../src/index.js';
import { NOW } from './fixtures.js';

const rules = defaultPolicy.signedLogin;
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const client = { id: 'storefront' };
const ip = '203.0.113.7';
const claims = (over: Record<string, unknown> = {}) => ({
  iss: 'storefront',
  iat: nowSeconds,
  jti: 'c0a8e2b4-1',
  operation: 'customer_login',
  store_hash: 'abc',
  customer_id: 42,
  ...over,
});

describe('checkSignedLoginClaims', () => {
  it('normalises a valid payload and says how long to remember the jti', () => {
    expect(
      checkSignedLoginClaims(claims({ company_user_id: 'cu_1', redirect_to: '/account', request_ip: ip }), client, NOW, ip, rules),
    ).toEqual({
      ok: true,
      value: {
        jti: 'c0a8e2b4-1',
        customerId: '42',
        companyUserId: 'cu_1',
        redirectTo: '/account',
        replayGuardUntil: new Date((nowSeconds + 35) * 1000),
      },
    });
  });

  it('fills absent optional claims with null', () => {
    expect(checkSignedLoginClaims(claims(), client, NOW, ip, rules)).toMatchObject({
      ok: true,
      value: { companyUserId: null, redirectTo: null },
    });
  });

  it('accepts iat at both edges of the window', () => {
    expect(checkSignedLoginClaims(claims({ iat: nowSeconds - 30 }), client, NOW, ip, rules).ok).toBe(true);
    expect(checkSignedLoginClaims(claims({ iat: nowSeconds + 5 }), client, NOW, ip, rules).ok).toBe(true);
  });

  it.each(['iss', 'iat', 'jti', 'operation', 'customer_id'])('refuses a payload without %s', (claim) => {
    expect(checkSignedLoginClaims(claims({ [claim]: undefined }), client, NOW, ip, rules)).toMatchObject({
      ok: false,
      code: 'signed_login_claim_missing',
      reason: `claim ${claim} is required`,
    });
  });

  it.each([
    [{ iat: 'yesterday' }, 'signed_login_claim_invalid'],
    [{ customer_id: -1 }, 'signed_login_claim_invalid'],
    [{ iss: 'other' }, 'signed_login_wrong_issuer'],
    [{ operation: 'customer_logout' }, 'signed_login_wrong_operation'],
    [{ iat: nowSeconds - 31 }, 'signed_login_iat_too_old'],
    [{ iat: nowSeconds + 6 }, 'signed_login_iat_in_future'],
    [{ request_ip: '198.51.100.1' }, 'signed_login_ip_mismatch'],
  ] as const)('refuses %o with %s', (over, code) => {
    expect(checkSignedLoginClaims(claims(over), client, NOW, ip, rules)).toMatchObject({ ok: false, code });
  });

  it('refuses a payload that is not an object', () => {
    expect(checkSignedLoginClaims('nope', client, NOW, ip, rules)).toMatchObject({ ok: false, code: 'signed_login_claim_invalid' });
    expect(checkSignedLoginClaims(null, client, NOW, ip, rules)).toMatchObject({ ok: false, code: 'signed_login_claim_invalid' });
  });
});
