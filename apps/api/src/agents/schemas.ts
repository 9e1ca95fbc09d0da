import { STAFF_ROLES } from '@latchkey/core';
import { z } from 'zod';
import { email, id, page, password, personName, personSort, searchTerm, status } from '../lib/schemas.js';

const roles = z
  .array(z.enum(STAFF_ROLES))
  .max(STAFF_ROLES.length)
  .transform((list) => STAFF_ROLES.filter((role) => list.includes(role)));

export const createAgentInput = z
  .object({
    email,
    password,
    firstName: personName,
    lastName: personName,
    status: status.default('active'),
    /** None: the staff member may sign in but gets no admin scope and may not act for customers. */
    roles: roles.default([]),
  })
  .strict();

export const updateAgentInput = z
  .object({
    id,
    email: email.optional(),
    firstName: personName.optional(),
    lastName: personName.optional(),
    status: status.optional(),
    /** Replaces the roles; shows in the staff member's tokens at their next refresh, in admin calls at once. */
    roles: roles.optional(),
  })
  .strict();

export const setAgentPasswordInput = z.object({ id, password }).strict();

export const listAgentsInput = z
  .object({
    search: searchTerm.optional(),
    status: status.optional(),
    /** Staff members who have this role. */
    role: z.enum(STAFF_ROLES).optional(),
    sort: personSort,
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: { field: 'createdAt', direction: 'desc' } });
