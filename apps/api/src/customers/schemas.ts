import { z } from 'zod';
import { email, id, page, password, personName, personSort, searchTerm, status } from '../lib/schemas.js';

/** The commerce system's customer reference (Spryker's customer_reference). */
const reference = z.string().trim().min(1).max(100);

export const createCustomerInput = z
  .object({
    email,
    password,
    firstName: personName,
    lastName: personName,
    emailVerified: z.boolean().default(false),
    reference: reference.optional(),
    status: status.default('active'),
  })
  .strict();

export const updateCustomerInput = z
  .object({
    id,
    email: email.optional(),
    firstName: personName.optional(),
    lastName: personName.optional(),
    emailVerified: z.boolean().optional(),
    status: status.optional(),
    reference: reference.optional(),
  })
  .strict();

export const setPasswordInput = z.object({ id, password, revokeSessions: z.boolean().default(true) }).strict();

export const listCustomersInput = z
  .object({
    /**
     * Any part of the e-mail, first or last name (every word must match), or
     * the exact reference, in any case; answers in rank order (exact e-mail
     * first) instead of `sort`.
     */
    search: searchTerm.optional(),
    email: email.optional(),
    reference: reference.optional(),
    status: status.optional(),
    sort: personSort,
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: { field: 'createdAt', direction: 'desc' } });
