import { type Prisma, uuidv7 } from '@latchkey/db';
import { type CompanyDto, toCompanyDto } from '../companies/dto.js';
import { createCompanyInput, listCompaniesInput, updateCompanyInput } from '../companies/schemas.js';
import { notFound } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { adminProcedure, router } from '../trpc.js';

const subject = (id: string) => ({ subjectType: 'company', subjectId: id });

export const companiesRouter = router({
  create: adminProcedure.input(createCompanyInput).mutation(
    ({ ctx, input }): Promise<CompanyDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const row = await tx.company.create({ data: { id: uuidv7(), ...input } });
        await audit(tx, ctx, { action: 'company.create', ...subject(row.id) });
        return toCompanyDto(row);
      }),
  ),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<CompanyDto> => {
    const row = await ctx.db.prisma.company.findUnique({ where: { id: input.id } });
    if (!row) throw notFound('company');
    return toCompanyDto(row);
  }),

  list: adminProcedure.input(listCompaniesInput).query(async ({ ctx, input }): Promise<Page<CompanyDto>> => {
    const filters: Prisma.CompanyWhereInput = {
      status: input.status,
      ...(input.search ? { name: { contains: input.search, mode: 'insensitive' } } : {}),
    };
    const page = keyset<Prisma.CompanyWhereInput, Prisma.CompanyOrderByWithRelationInput>(input.sort, input.cursor);
    const rows = await ctx.db.prisma.company.findMany({
      where: { AND: [filters, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toCompanyDto);
  }),

  update: adminProcedure.input(updateCompanyInput).mutation(({ ctx, input }): Promise<CompanyDto> => {
    const { id, ...data } = input;
    return ctx.db.prisma.$transaction(async (tx) => {
      const row = await tx.company.update({ where: { id }, data });
      await audit(tx, ctx, { action: 'company.update', ...subject(id), details: { fields: changedFields(input) } });
      return toCompanyDto(row);
    });
  }),

  /** Its roles and company users go with it. */
  delete: adminProcedure.input(idInput).mutation(
    ({ ctx, input }): Promise<{ id: string }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        await tx.company.delete({ where: { id: input.id } });
        await audit(tx, ctx, { action: 'company.delete', ...subject(input.id) });
        return { id: input.id };
      }),
  ),
});
