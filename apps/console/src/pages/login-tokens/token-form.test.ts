import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, type TokenFormValues, toCreateInput, tokenFormSchema, toUpdateInput } from './token-form';

const A = '0b7a7f36-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

const issues = (mode: 'create' | 'update', values: TokenFormValues) => {
  const parsed = tokenFormSchema(mode).safeParse(values);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('the login-token form', () => {
  it('accepts an empty form: an anonymous token that never expires', () => {
    expect(issues('create', EMPTY_FORM)).toEqual({});
    expect(toCreateInput(EMPTY_FORM)).toEqual({ expiresAt: null, oneTimeUse: false });
  });

  it('says Extra must be JSON while it is not', () => {
    expect(issues('create', { ...EMPTY_FORM, extra: '{"note": ' })).toEqual({
      extra: 'Extra must be JSON, e.g. {"note": "OCI punch-out"}',
    });
    expect(issues('create', { ...EMPTY_FORM, extra: '{"note": "OCI"}' })).toEqual({});
  });

  it("puts the api schema's own issues on the field they concern (extra over 8 KiB)", () => {
    const big = JSON.stringify({ note: 'x'.repeat(9000) });
    expect(issues('create', { ...EMPTY_FORM, extra: big })).toEqual({ extra: 'must serialize to at most 8192 bytes of JSON' });
    expect(issues('update', { ...EMPTY_FORM, extra: big })).toEqual({ extra: 'must serialize to at most 8192 bytes of JSON' });
  });

  it('refuses a day that does not exist, and a user id the api would refuse', () => {
    expect(issues('create', { ...EMPTY_FORM, expiresOn: '2026-02-30' })).toEqual({
      expiresOn: 'Enter a day as YYYY-MM-DD, or pick one on the calendar',
    });
    expect(Object.keys(issues('create', { ...EMPTY_FORM, user: { type: 'customer', id: 'nope', label: 'x' } }))).toEqual(['user']);
  });

  it('sends the day after the last one as the expiry, and the user by its kind', () => {
    const values: TokenFormValues = {
      user: { type: 'company_user', id: A, label: 'x' },
      expiresOn: '2026-12-31',
      extra: '[1]',
      oneTimeUse: true,
    };
    expect(toCreateInput(values)).toEqual({
      companyUserId: A,
      expiresAt: new Date(2027, 0, 1).toISOString(),
      oneTimeUse: true,
      extra: [1],
    });
    expect(toUpdateInput(A, { ...values, user: null, extra: '' })).toEqual({
      id: A,
      customerId: null,
      companyUserId: null,
      expiresAt: new Date(2027, 0, 1).toISOString(),
      oneTimeUse: true,
      extra: null,
    });
  });
});
