import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_TYP,
  CLIENT_ID,
  GRANT_TYPES,
  isRefusalCode,
  normalizeIssuer,
  REFUSAL_CODE_MEMBER,
  REFUSALS,
  SIGNING_ALG,
  SUBJECT_TYPES,
  TOKEN_EXCHANGE_GRANT,
  TokenType,
} from '../src/protocol/index.js';

// The values clients send and read: written out here once, so a change to one is a failing test, not a silent break.
describe('protocol vocabulary', () => {
  it('keeps the wire values', () => {
    expect(TokenType).toEqual({
      accessToken: 'urn:ietf:params:oauth:token-type:access_token',
      refreshToken: 'urn:ietf:params:oauth:token-type:refresh_token',
      jwt: 'urn:ietf:params:oauth:token-type:jwt',
      loginToken: 'urn:latchkey:params:oauth:token-type:login-token',
      customerId: 'urn:latchkey:params:oauth:token-type:customer-id',
    });
    expect(TOKEN_EXCHANGE_GRANT).toBe('urn:ietf:params:oauth:grant-type:token-exchange');
    expect(GRANT_TYPES).toEqual(['password', 'refresh_token', 'client_credentials', 'authorization_code', TOKEN_EXCHANGE_GRANT]);
    expect([SIGNING_ALG, ACCESS_TOKEN_TYP, REFUSAL_CODE_MEMBER]).toEqual(['ES256', 'at+jwt', 'latchkey_code']);
    expect(SUBJECT_TYPES).toEqual(['customer', 'agent', 'anonymous', 'client']);
  });

  it('accepts client ids of 3 to 64 URL-safe characters only', () => {
    expect(['abc', 'shop.de_1-x', 'a'.repeat(64)].every((id) => CLIENT_ID.test(id))).toBe(true);
    expect(['ab', 'a'.repeat(65), 'shop/x', 'shop x', ''].some((id) => CLIENT_ID.test(id))).toBe(false);
  });

  it('writes an issuer without trailing slashes', () => {
    expect(normalizeIssuer('https://auth.example.com//')).toBe('https://auth.example.com');
    expect(normalizeIssuer('https://auth.example.com/tenant/')).toBe('https://auth.example.com/tenant');
  });
});

describe('refusal codes', () => {
  it('are snake_case, each with what it means', () => {
    for (const [code, refusal] of Object.entries(REFUSALS)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(refusal.meaning.length, code).toBeGreaterThan(10);
    }
  });

  it('are told apart from other strings', () => {
    expect([isRefusalCode('customer_disabled'), isRefusalCode('toString'), isRefusalCode('nope'), isRefusalCode(3)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
