import { createCustomerInput, setPasswordInput, updateCustomerInput } from '@latchkey/api/schemas';
import type { RouterInputs, RouterOutputs } from '@latchkey/client';
import type { Resolver } from 'react-hook-form';
import { apiResolver } from '../../components/api-resolver';

type Customer = RouterOutputs['customers']['list']['items'][number];

/** The New customer and edit dialogs' fields; `password` is the create dialog's only. */
export type CustomerFormValues = {
  email: string;
  firstName: string;
  lastName: string;
  reference: string;
  emailVerified: boolean;
  status: 'active' | 'disabled';
  password: string;
};

export const EMPTY_CUSTOMER: CustomerFormValues = {
  email: '',
  firstName: '',
  lastName: '',
  reference: '',
  emailVerified: false,
  status: 'active',
  password: '',
};

export const customerValues = (customer: Customer): CustomerFormValues => ({
  email: customer.email,
  firstName: customer.firstName,
  lastName: customer.lastName,
  reference: customer.reference,
  emailVerified: customer.emailVerifiedAt !== null,
  status: customer.status,
  password: '',
});

/** What customers.create is asked; an empty reference is left to the API (the customer's id). */
export function toCreateCustomerInput(values: CustomerFormValues): RouterInputs['customers']['create'] {
  return {
    email: values.email,
    password: values.password,
    firstName: values.firstName,
    lastName: values.lastName,
    emailVerified: values.emailVerified,
    status: values.status,
    ...(values.reference.trim() ? { reference: values.reference } : {}),
  };
}

/** What customers.update is asked: every field; a reference cannot be emptied, so an empty one is left as it is. */
export function toUpdateCustomerInput(id: string, values: CustomerFormValues): RouterInputs['customers']['update'] {
  return {
    id,
    email: values.email,
    firstName: values.firstName,
    lastName: values.lastName,
    emailVerified: values.emailVerified,
    status: values.status,
    ...(values.reference.trim() ? { reference: values.reference } : {}),
  };
}

const ANY_ID = '00000000-0000-4000-8000-000000000000';

export const createCustomerResolver = apiResolver<CustomerFormValues, typeof createCustomerInput>(
  createCustomerInput,
  toCreateCustomerInput,
);
export const updateCustomerResolver = apiResolver<CustomerFormValues, typeof updateCustomerInput>(updateCustomerInput, (values) =>
  toUpdateCustomerInput(ANY_ID, values),
);

export type PasswordFormValues = { password: string; repeat: string; revokeSessions: boolean };

const passwordSchemaResolver = apiResolver<PasswordFormValues, typeof setPasswordInput>(setPasswordInput, (values) => ({
  id: ANY_ID,
  password: values.password,
  revokeSessions: values.revokeSessions,
}));

/** setPassword's schema on what would be sent, and the repeated password the same as the first. */
export const passwordResolver: Resolver<PasswordFormValues> = async (values, context, options) => {
  const result = await passwordSchemaResolver(values, context, options);
  if (values.repeat === values.password) return result;
  return { values: {}, errors: { ...result.errors, repeat: { type: 'custom', message: 'The two passwords differ' } } };
};
