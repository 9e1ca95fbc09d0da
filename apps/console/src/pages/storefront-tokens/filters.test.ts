import { describe, expect, it } from 'vitest';
import { filtersFromParams, filtersToParams, tokenState, toListInput } from './filters';

const CUSTOMER = '0190a5e8-7a1c-7000-8000-000000000001';

describe('the storefront tokens filters', () => {
  it('go to the URL and back', () => {
    const filters = { customerId: CUSTOMER, clientId: 'storefront', cursor: 'abc' };
    const params = filtersToParams(filters);
    expect(params.toString()).toBe(`customer=${CUSTOMER}&client=storefront&cursor=abc`);
    expect(filtersFromParams(params)).toEqual(filters);
    expect(filtersToParams({ customerId: null, clientId: null, cursor: null }).toString()).toBe('');
  });

  it('drop a customer that is no id, and send only what is set', () => {
    expect(filtersFromParams(new URLSearchParams('customer=sonia&client='))).toEqual({ customerId: null, clientId: null, cursor: null });
    expect(toListInput({ customerId: null, clientId: 'storefront', cursor: null }, 25)).toEqual({ limit: 25, clientId: 'storefront' });
  });

  it('name a token revoked, expired, not valid yet or active', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    const token = { notBefore: '2030-01-01T00:00:00Z', expiresAt: '2030-01-02T00:00:00Z', revokedAt: null };
    expect(tokenState(token, now)).toBe('Active');
    expect(tokenState({ ...token, revokedAt: '2030-01-01T06:00:00Z' }, now)).toBe('Revoked');
    expect(tokenState({ ...token, expiresAt: '2030-01-01T12:00:00Z' }, now)).toBe('Expired');
    expect(tokenState({ ...token, notBefore: '2030-01-01T13:00:00Z' }, now)).toBe('Not valid yet');
  });
});
