import { z } from 'zod';
import { email, id, page, password, personName, sortDirection, status } from '../lib/schemas.js';

export const createAgentInput = z
  .object({
    email,
    password,
    firstName: personName,
    lastName: personName,
    status: status.default('active'),
    canImpersonate: z.boolean().default(true),
  })
  .strict();

export const updateAgentInput = z
  .object({
    id,
    email: email.optional(),
    firstName: personName.optional(),
    lastName: personName.optional(),
    status: status.optional(),
    canImpersonate: z.boolean().optional(),
  })
  .strict();

export const setAgentPasswordInput = z.object({ id, password }).strict();

export const listAgentsInput = z
  .object({
    search: z.string().trim().min(1).max(100).optional(),
    status: status.optional(),
    canImpersonate: z.boolean().optional(),
    sort: z
      .object({ field: z.enum(['createdAt', 'updatedAt', 'email', 'lastName']), direction: sortDirection })
      .strict()
      .default({ field: 'createdAt', direction: 'desc' }),
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: { field: 'createdAt', direction: 'desc' } });
