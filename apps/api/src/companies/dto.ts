import type { Prisma } from '@latchkey/db';
import { iso } from '../lib/dates.js';
import { fromDbJson, type JsonValue } from '../lib/json.js';

type Status = 'active' | 'disabled';

export type CompanyDto = { id: string; name: string; status: Status; createdAt: string; updatedAt: string };

export const toCompanyDto = (row: Prisma.CompanyGetPayload<object>): CompanyDto => ({
  id: row.id,
  name: row.name,
  status: row.status,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

type PermissionDto = { key: string; configuration: JsonValue };
export type CompanyRoleDto = {
  id: string;
  companyId: string;
  name: string;
  isDefault: boolean;
  permissions: PermissionDto[];
  createdAt: string;
  updatedAt: string;
};

export const roleInclude = { permissions: { orderBy: { key: 'asc' } } } satisfies Prisma.CompanyRoleInclude;

export const toCompanyRoleDto = (row: Prisma.CompanyRoleGetPayload<{ include: typeof roleInclude }>): CompanyRoleDto => ({
  id: row.id,
  companyId: row.companyId,
  name: row.name,
  isDefault: row.isDefault,
  permissions: row.permissions.map((p) => ({ key: p.key, configuration: fromDbJson(p.configuration) })),
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});

export type CompanyUserDto = {
  id: string;
  customerId: string;
  companyId: string;
  roleId: string | null;
  isDefault: boolean;
  status: Status;
  customer: { email: string; firstName: string; lastName: string };
  companyName: string;
  roleName: string | null;
  createdAt: string;
  updatedAt: string;
};

export const companyUserInclude = {
  customer: { select: { email: true, firstName: true, lastName: true } },
  company: { select: { name: true } },
  role: { select: { name: true } },
} satisfies Prisma.CompanyUserInclude;

export const toCompanyUserDto = (row: Prisma.CompanyUserGetPayload<{ include: typeof companyUserInclude }>): CompanyUserDto => ({
  id: row.id,
  customerId: row.customerId,
  companyId: row.companyId,
  roleId: row.roleId,
  isDefault: row.isDefault,
  status: row.status,
  customer: row.customer,
  companyName: row.company.name,
  roleName: row.role?.name ?? null,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
