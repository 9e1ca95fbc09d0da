import { z } from 'zod';
import { boundedJson, id, page, searchTerm, sortDirection, status } from '../lib/schemas.js';

const companyName = z.string().trim().min(1).max(200);
const roleName = z.string().trim().min(1).max(100);
const listSort = z.object({ field: z.enum(['createdAt', 'updatedAt', 'name']), direction: sortDirection }).strict();
const defaultSort = { field: 'createdAt', direction: 'desc' } as const;

export const createCompanyInput = z.object({ name: companyName, status: status.default('active') }).strict();
export const updateCompanyInput = z.object({ id, name: companyName.optional(), status: status.optional() }).strict();
export const listCompaniesInput = z
  .object({ search: z.string().trim().min(1).max(100).optional(), status: status.optional(), sort: listSort.default(defaultSort), ...page })
  .strict()
  .default({ limit: 50, sort: defaultSort });

/** A role's permission: a key (a permission plugin, `create_address`) and its configuration. */
const permission = z.object({ key: z.string().trim().min(1).max(200), configuration: boundedJson(4096).optional() }).strict();
const permissions = z
  .array(permission)
  .max(500)
  .refine((list) => new Set(list.map((p) => p.key)).size === list.length, { message: 'permission keys must be unique' });

export const createRoleInput = z
  .object({ companyId: id, name: roleName, isDefault: z.boolean().default(false), permissions: permissions.default([]) })
  .strict();
export const updateRoleInput = z
  .object({ id, name: roleName.optional(), isDefault: z.boolean().optional(), permissions: permissions.optional() })
  .strict();
export const listRolesInput = z
  .object({ companyId: id.optional(), isDefault: z.boolean().optional(), sort: listSort.default(defaultSort), ...page })
  .strict()
  .default({ limit: 50, sort: defaultSort });

export const createCompanyUserInput = z
  .object({
    customerId: id,
    companyId: id,
    /** Left out: the company's default role, if it has one. `null`: no role. */
    roleId: id.nullable().optional(),
    isDefault: z.boolean().default(false),
    status: status.default('active'),
  })
  .strict();
export const updateCompanyUserInput = z
  .object({ id, roleId: id.nullable().optional(), isDefault: z.boolean().optional(), status: status.optional() })
  .strict();
const companyUserSort = z.object({ field: z.enum(['createdAt', 'updatedAt']), direction: sortDirection }).strict();
export const listCompanyUsersInput = z
  .object({
    /** Any part of the customer's e-mail, first or last name, or of the company's name; answers in rank order instead of `sort`. */
    search: searchTerm.optional(),
    customerId: id.optional(),
    companyId: id.optional(),
    roleId: id.optional(),
    isDefault: z.boolean().optional(),
    status: status.optional(),
    sort: companyUserSort.default(defaultSort),
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: defaultSort });
