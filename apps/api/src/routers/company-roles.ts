import { type Prisma, uuidv7 } from '@latchkey/db';
import { type CompanyRoleDto, roleInclude, toCompanyRoleDto } from '../companies/dto.js';
import { createRoleInput, listRolesInput, updateRoleInput } from '../companies/schemas.js';
import { notFound } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { type JsonValue, toDbJson } from '../lib/json.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { adminProcedure, router } from '../trpc.js';

type Permission = { key: string; configuration?: JsonValue | undefined };
const permissionRows = (permissions: Permission[]) => permissions.map((p) => ({ key: p.key, configuration: toDbJson(p.configuration) }));
const subject = (id: string) => ({ subjectType: 'company_role', subjectId: id });

// A company has at most one default role (the one new company users get).
const clearDefaultRole = (tx: Prisma.TransactionClient, companyId: string, exceptId: string) =>
  tx.companyRole.updateMany({ where: { companyId, isDefault: true, id: { not: exceptId } }, data: { isDefault: false } });

export const companyRolesRouter = router({
  create: adminProcedure.input(createRoleInput).mutation(({ ctx, input }): Promise<CompanyRoleDto> => {
    const id = uuidv7();
    return ctx.db.prisma.$transaction(async (tx) => {
      if (input.isDefault) await clearDefaultRole(tx, input.companyId, id);
      const row = await tx.companyRole.create({
        data: {
          id,
          companyId: input.companyId,
          name: input.name,
          isDefault: input.isDefault,
          permissions: { create: permissionRows(input.permissions) },
        },
        include: roleInclude,
      });
      await audit(tx, ctx, {
        action: 'company_role.create',
        ...subject(id),
        details: { companyId: input.companyId, permissions: input.permissions.map((p) => p.key) },
      });
      return toCompanyRoleDto(row);
    });
  }),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<CompanyRoleDto> => {
    const row = await ctx.db.prisma.companyRole.findUnique({ where: { id: input.id }, include: roleInclude });
    if (!row) throw notFound('company role');
    return toCompanyRoleDto(row);
  }),

  list: adminProcedure.input(listRolesInput).query(async ({ ctx, input }): Promise<Page<CompanyRoleDto>> => {
    const filters: Prisma.CompanyRoleWhereInput = { companyId: input.companyId, isDefault: input.isDefault };
    const page = keyset<Prisma.CompanyRoleWhereInput, Prisma.CompanyRoleOrderByWithRelationInput>(input.sort, input.cursor);
    const rows = await ctx.db.prisma.companyRole.findMany({
      where: { AND: [filters, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
      include: roleInclude,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toCompanyRoleDto);
  }),

  /** `permissions`, when given, replaces the role's whole set. */
  update: adminProcedure.input(updateRoleInput).mutation(
    ({ ctx, input }): Promise<CompanyRoleDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const current = await tx.companyRole.findUnique({ where: { id: input.id }, select: { companyId: true } });
        if (!current) throw notFound('company role');
        if (input.isDefault) await clearDefaultRole(tx, current.companyId, input.id);
        if (input.permissions) await tx.companyRolePermission.deleteMany({ where: { roleId: input.id } });
        const row = await tx.companyRole.update({
          where: { id: input.id },
          data: {
            name: input.name,
            isDefault: input.isDefault,
            ...(input.permissions ? { permissions: { create: permissionRows(input.permissions) } } : {}),
          },
          include: roleInclude,
        });
        await audit(tx, ctx, { action: 'company_role.update', ...subject(input.id), details: { fields: changedFields(input) } });
        return toCompanyRoleDto(row);
      }),
  ),

  /** Company users holding the role keep their membership, without a role. */
  delete: adminProcedure.input(idInput).mutation(
    ({ ctx, input }): Promise<{ id: string }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        await tx.companyRole.delete({ where: { id: input.id } });
        await audit(tx, ctx, { action: 'company_role.delete', ...subject(input.id) });
        return { id: input.id };
      }),
  ),
});
