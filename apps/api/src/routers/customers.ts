import { hashPassword, type Prisma, searchCustomers, uuidv7 } from '@latchkey/db';
import { type CustomerDto, customerSelect, toCustomerDto } from '../customers/dto.js';
import { createCustomerInput, listCustomersInput, setPasswordInput, updateCustomerInput } from '../customers/schemas.js';
import { notFound } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { rankedPage } from '../lib/search.js';
import { revokeAccountSessions } from '../lib/sessions.js';
import { adminProcedure, router } from '../trpc.js';

const subject = (id: string) => ({ subjectType: 'customer', subjectId: id });

export const customersRouter = router({
  create: adminProcedure.input(createCustomerInput).mutation(async ({ ctx, input }): Promise<CustomerDto> => {
    // Hashing takes tens of milliseconds: done before the transaction opens.
    const passwordHash = await hashPassword(input.password, ctx.policy.passwordHash);
    const id = uuidv7();
    return ctx.db.prisma.$transaction(async (tx) => {
      const row = await tx.customer.create({
        data: {
          id,
          reference: input.reference ?? id,
          email: input.email,
          passwordHash,
          passwordChangedAt: ctx.clock(),
          firstName: input.firstName,
          lastName: input.lastName,
          status: input.status,
          emailVerifiedAt: input.emailVerified ? ctx.clock() : null,
        },
        select: customerSelect,
      });
      await audit(tx, ctx, { action: 'customer.create', ...subject(id), details: { emailVerified: input.emailVerified } });
      return toCustomerDto(row);
    });
  }),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<CustomerDto> => {
    const row = await ctx.db.prisma.customer.findUnique({ where: { id: input.id }, select: customerSelect });
    if (!row) throw notFound('customer');
    return toCustomerDto(row);
  }),

  list: adminProcedure.input(listCustomersInput).query(async ({ ctx, input }): Promise<Page<CustomerDto>> => {
    if (input.search) {
      const { search, email, reference, status } = input;
      return rankedPage(
        { ...input, search },
        (page) => searchCustomers(ctx.db, search, { email, reference, status }, page),
        async (ids) => (await ctx.db.prisma.customer.findMany({ where: { id: { in: ids } }, select: customerSelect })).map(toCustomerDto),
      );
    }
    const filters: Prisma.CustomerWhereInput = { email: input.email, reference: input.reference, status: input.status };
    const page = keyset<Prisma.CustomerWhereInput, Prisma.CustomerOrderByWithRelationInput>(input.sort, input.cursor);
    const rows = await ctx.db.prisma.customer.findMany({
      where: { AND: [filters, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
      select: customerSelect,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toCustomerDto);
  }),

  update: adminProcedure.input(updateCustomerInput).mutation(async ({ ctx, input }): Promise<CustomerDto> => {
    const { id, emailVerified, ...fields } = input;
    return ctx.db.prisma.$transaction(async (tx) => {
      const current = await tx.customer.findUnique({ where: { id }, select: { emailVerifiedAt: true } });
      if (!current) throw notFound('customer');
      // Keeps the first verification time when "verified" is sent again.
      const emailVerifiedAt = emailVerified === undefined ? undefined : emailVerified ? (current.emailVerifiedAt ?? ctx.clock()) : null;
      const row = await tx.customer.update({ where: { id }, data: { ...fields, emailVerifiedAt }, select: customerSelect });
      await audit(tx, ctx, { action: 'customer.update', ...subject(id), details: { fields: changedFields(input) } });
      return toCustomerDto(row);
    });
  }),

  delete: adminProcedure.input(idInput).mutation(async ({ ctx, input }): Promise<{ id: string; revokedSessions: number }> => {
    return ctx.db.prisma.$transaction(async (tx) => {
      // Company users and login tokens go with the row (cascade); sessions are not linked by a foreign key.
      await tx.customer.delete({ where: { id: input.id } });
      const revokedSessions = await revokeAccountSessions(tx, input.id);
      await audit(tx, ctx, { action: 'customer.delete', ...subject(input.id), details: { revokedSessions } });
      return { id: input.id, revokedSessions };
    });
  }),

  setPassword: adminProcedure.input(setPasswordInput).mutation(async ({ ctx, input }): Promise<{ id: string; revokedSessions: number }> => {
    const passwordHash = await hashPassword(input.password, ctx.policy.passwordHash);
    return ctx.db.prisma.$transaction(async (tx) => {
      await tx.customer.update({ where: { id: input.id }, data: { passwordHash, passwordChangedAt: ctx.clock() }, select: { id: true } });
      const revokedSessions = input.revokeSessions ? await revokeAccountSessions(tx, input.id) : 0;
      await audit(tx, ctx, {
        action: 'customer.set_password',
        ...subject(input.id),
        details: { revokeSessions: input.revokeSessions, revokedSessions },
      });
      return { id: input.id, revokedSessions };
    });
  }),

  revokeSessions: adminProcedure.input(idInput).mutation(async ({ ctx, input }): Promise<{ id: string; count: number }> => {
    return ctx.db.prisma.$transaction(async (tx) => {
      const exists = await tx.customer.findUnique({ where: { id: input.id }, select: { id: true } });
      if (!exists) throw notFound('customer');
      const count = await revokeAccountSessions(tx, input.id);
      await audit(tx, ctx, { action: 'customer.revoke_sessions', ...subject(input.id), details: { count } });
      return { id: input.id, count };
    });
  }),
});
