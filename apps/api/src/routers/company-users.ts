import { type Prisma, searchCompanyUsers, uuidv7 } from '@latchkey/db';
import { type CompanyUserDto, companyUserInclude, toCompanyUserDto } from '../companies/dto.js';
import { createCompanyUserInput, listCompanyUsersInput, updateCompanyUserInput } from '../companies/schemas.js';
import { notFound, trpcError } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { rankedPage } from '../lib/search.js';
import { adminProcedure, router } from '../trpc.js';

type Tx = Prisma.TransactionClient;
const subject = (id: string) => ({ subjectType: 'company_user', subjectId: id });

/** A role given to a company user must be one of that company's roles. */
async function roleFor(tx: Tx, companyId: string, roleId: string | null | undefined): Promise<string | null> {
  if (roleId === null) return null;
  if (roleId === undefined) {
    const fallback = await tx.companyRole.findFirst({ where: { companyId, isDefault: true }, select: { id: true } });
    return fallback?.id ?? null;
  }
  const role = await tx.companyRole.findUnique({ where: { id: roleId }, select: { companyId: true } });
  if (!role || role.companyId !== companyId) throw trpcError('role_not_in_company', 'roleId is not a role of this company');
  return roleId;
}

// A customer has at most one default company user (the one a login starts as).
const clearDefault = (tx: Tx, customerId: string, exceptId: string) =>
  tx.companyUser.updateMany({ where: { customerId, isDefault: true, id: { not: exceptId } }, data: { isDefault: false } });

export const companyUsersRouter = router({
  create: adminProcedure.input(createCompanyUserInput).mutation(({ ctx, input }): Promise<CompanyUserDto> => {
    const id = uuidv7();
    return ctx.db.prisma.$transaction(async (tx) => {
      const roleId = await roleFor(tx, input.companyId, input.roleId);
      if (input.isDefault) await clearDefault(tx, input.customerId, id);
      const row = await tx.companyUser.create({
        data: { id, customerId: input.customerId, companyId: input.companyId, roleId, isDefault: input.isDefault, status: input.status },
        include: companyUserInclude,
      });
      await audit(tx, ctx, {
        action: 'company_user.create',
        ...subject(id),
        details: { customerId: input.customerId, companyId: input.companyId, roleId },
      });
      return toCompanyUserDto(row);
    });
  }),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<CompanyUserDto> => {
    const row = await ctx.db.prisma.companyUser.findUnique({ where: { id: input.id }, include: companyUserInclude });
    if (!row) throw notFound('company user');
    return toCompanyUserDto(row);
  }),

  list: adminProcedure.input(listCompanyUsersInput).query(async ({ ctx, input }): Promise<Page<CompanyUserDto>> => {
    const { customerId, companyId, roleId, isDefault, status } = input;
    if (input.search) {
      const { search } = input;
      const filters = { customerId, companyId, roleId, isDefault, status };
      return rankedPage(
        { ...input, search },
        (page) => searchCompanyUsers(ctx.db, search, filters, page),
        async (ids) =>
          (await ctx.db.prisma.companyUser.findMany({ where: { id: { in: ids } }, include: companyUserInclude })).map(toCompanyUserDto),
      );
    }
    const page = keyset<Prisma.CompanyUserWhereInput, Prisma.CompanyUserOrderByWithRelationInput>(input.sort, input.cursor);
    const rows = await ctx.db.prisma.companyUser.findMany({
      where: { AND: [{ customerId, companyId, roleId, isDefault, status }, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
      include: companyUserInclude,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toCompanyUserDto);
  }),

  update: adminProcedure.input(updateCompanyUserInput).mutation(
    ({ ctx, input }): Promise<CompanyUserDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const current = await tx.companyUser.findUnique({ where: { id: input.id }, select: { customerId: true, companyId: true } });
        if (!current) throw notFound('company user');
        // Left out means "unchanged" here, not "the default role".
        const roleId = input.roleId === undefined ? undefined : await roleFor(tx, current.companyId, input.roleId);
        if (input.isDefault) await clearDefault(tx, current.customerId, input.id);
        const row = await tx.companyUser.update({
          where: { id: input.id },
          data: { roleId, isDefault: input.isDefault, status: input.status },
          include: companyUserInclude,
        });
        await audit(tx, ctx, { action: 'company_user.update', ...subject(input.id), details: { fields: changedFields(input) } });
        return toCompanyUserDto(row);
      }),
  ),

  delete: adminProcedure.input(idInput).mutation(
    ({ ctx, input }): Promise<{ id: string }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        await tx.companyUser.delete({ where: { id: input.id } });
        await audit(tx, ctx, { action: 'company_user.delete', ...subject(input.id) });
        return { id: input.id };
      }),
  ),
});
