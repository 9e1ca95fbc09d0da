import { describe, expect, it } from 'vitest';
import {
  type CustomerFormValues,
  createCustomerResolver,
  EMPTY_CUSTOMER,
  passwordResolver,
  toCreateCustomerInput,
  toUpdateCustomerInput,
  updateCustomerResolver,
} from './customer-form';

const options = { fields: {}, shouldUseNativeValidation: false } as Parameters<typeof passwordResolver>[2];
const customerOptions = { fields: {}, shouldUseNativeValidation: false } as Parameters<typeof createCustomerResolver>[2];
const LENA: CustomerFormValues = {
  ...EMPTY_CUSTOMER,
  email: 'lena@example.com',
  firstName: 'Lena',
  lastName: 'Fischer',
  password: 'lena-pass-1',
};

describe('the customer forms', () => {
  it('leave an empty reference to the API, and send the rest', () => {
    expect(toCreateCustomerInput(LENA)).toEqual({
      email: 'lena@example.com',
      password: 'lena-pass-1',
      firstName: 'Lena',
      lastName: 'Fischer',
      emailVerified: false,
      status: 'active',
    });
    expect(toUpdateCustomerInput('id-1', { ...LENA, reference: 'DE--30', status: 'disabled' })).toEqual({
      id: 'id-1',
      email: 'lena@example.com',
      firstName: 'Lena',
      lastName: 'Fischer',
      emailVerified: false,
      status: 'disabled',
      reference: 'DE--30',
    });
  });

  it("put the API schema's issues on their fields; an edit asks for no password", async () => {
    const bad = await createCustomerResolver({ ...LENA, email: 'not an address', password: 'short' }, undefined, customerOptions);
    expect(Object.keys(bad.errors).sort()).toEqual(['email', 'password']);
    expect((await createCustomerResolver(LENA, undefined, customerOptions)).errors).toEqual({});
    expect((await updateCustomerResolver({ ...LENA, password: '' }, undefined, customerOptions)).errors).toEqual({});
  });

  it('want the new password typed twice alike', async () => {
    const differ = await passwordResolver({ password: 'new-pass-1', repeat: 'new-pass-2', revokeSessions: true }, undefined, options);
    expect(differ.errors).toEqual({ repeat: { type: 'custom', message: 'The two passwords differ' } });
    const short = await passwordResolver({ password: 'short', repeat: 'short', revokeSessions: true }, undefined, options);
    expect(Object.keys(short.errors)).toEqual(['password']);
    expect(
      (await passwordResolver({ password: 'new-pass-1', repeat: 'new-pass-1', revokeSessions: false }, undefined, options)).errors,
    ).toEqual({});
  });
});
