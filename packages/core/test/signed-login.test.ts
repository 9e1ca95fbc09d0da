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

describe('checkSignedLoginClaims: the official helpers and the client’s store', () => {
  const shop = { id: 'storefront', storeHash: 'abc', channelIds: [1, 1000234] };
  const hex = (length: number) => 'f'.repeat(length);

  it.each([
    ['bigcommerce-api-python', { jti: hex(32), channel_id: 1 }],
    ['bigcommerce-api-php', { jti: hex(64) }],
    ['node-bigcommerce', { jti: 'a1b2c3d4-e5f6-4789-8abc-def012345678', redirect_url: '/cart.php', exp: nowSeconds + 86_400 }],
  ])('accepts what %s makes', (_helper, over) => {
    expect(checkSignedLoginClaims(claims(over), shop, NOW, ip, rules)).toMatchObject({ ok: true });
  });

  it('takes redirect_url for redirect_to, and redirect_to first when both are there', () => {
    expect(checkSignedLoginClaims(claims({ redirect_url: '/cart.php' }), shop, NOW, ip, rules)).toMatchObject({
      value: { redirectTo: '/cart.php' },
    });
    expect(checkSignedLoginClaims(claims({ redirect_url: '/cart.php', redirect_to: '/a' }), shop, NOW, ip, rules)).toMatchObject({
      value: { redirectTo: '/a' },
    });
  });

  it('takes any jti of 1 to 128 printable characters', () => {
    for (const jti of ['x', hex(128), 'a b~!{}']) expect(checkSignedLoginClaims(claims({ jti }), shop, NOW, ip, rules).ok).toBe(true);
    for (const jti of ['', hex(129), 'tab\there', 'é']) {
      expect(checkSignedLoginClaims(claims({ jti }), shop, NOW, ip, rules)).toMatchObject({
        ok: false,
        code: 'signed_login_claim_invalid',
      });
    }
  });

  it.each([
    [{ exp: nowSeconds }, 'signed_login_expired'],
    [{ exp: nowSeconds - 60 }, 'signed_login_expired'],
    [{ store_hash: 'other' }, 'signed_login_wrong_store'],
    [{ store_hash: undefined }, 'signed_login_wrong_store'],
    [{ channel_id: 2 }, 'signed_login_wrong_channel'],
    [{ channel_id: 0 }, 'signed_login_claim_invalid'],
  ] as const)('refuses %o with %s', (over, code) => {
    expect(checkSignedLoginClaims(claims(over), shop, NOW, ip, rules)).toMatchObject({ ok: false, code });
  });

  it('checks store_hash and channel_id only against settings the client has', () => {
    expect(checkSignedLoginClaims(claims({ store_hash: 'any', channel_id: 7 }), client, NOW, ip, rules).ok).toBe(true);
    expect(
      checkSignedLoginClaims(claims({ channel_id: 7 }), { id: 'storefront', storeHash: 'abc', channelIds: [] }, NOW, ip, rules).ok,
    ).toBe(true);
  });
});
