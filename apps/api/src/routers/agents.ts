import { hashPassword, type Prisma, searchAgents, uuidv7 } from '@latchkey/db';
import { type AgentDto, agentSelect, toAgentDto } from '../agents/dto.js';
import { createAgentInput, listAgentsInput, setAgentPasswordInput, updateAgentInput } from '../agents/schemas.js';
import { notFound } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { rankedPage } from '../lib/search.js';
import { adminProcedure, router } from '../trpc.js';

const subject = (id: string) => ({ subjectType: 'agent', subjectId: id });

export const agentsRouter = router({
  create: adminProcedure.input(createAgentInput).mutation(async ({ ctx, input }): Promise<AgentDto> => {
    const passwordHash = await hashPassword(input.password, ctx.policy.passwordHash);
    const { password: _password, ...fields } = input;
    return ctx.db.prisma.$transaction(async (tx) => {
      const row = await tx.agent.create({ data: { id: uuidv7(), ...fields, passwordHash }, select: agentSelect });
      await audit(tx, ctx, { action: 'agent.create', ...subject(row.id), details: { roles: row.roles } });
      return toAgentDto(row);
    });
  }),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<AgentDto> => {
    const row = await ctx.db.prisma.agent.findUnique({ where: { id: input.id }, select: agentSelect });
    if (!row) throw notFound('agent');
    return toAgentDto(row);
  }),

  list: adminProcedure.input(listAgentsInput).query(async ({ ctx, input }): Promise<Page<AgentDto>> => {
    if (input.search) {
      const { search, status, role } = input;
      return rankedPage(
        { ...input, search },
        (page) => searchAgents(ctx.db, search, { status, role }, page),
        async (ids) => (await ctx.db.prisma.agent.findMany({ where: { id: { in: ids } }, select: agentSelect })).map(toAgentDto),
      );
    }
    const filters: Prisma.AgentWhereInput = { status: input.status, ...(input.role ? { roles: { has: input.role } } : {}) };
    const page = keyset<Prisma.AgentWhereInput, Prisma.AgentOrderByWithRelationInput>(input.sort, input.cursor);
    const rows = await ctx.db.prisma.agent.findMany({
      where: { AND: [filters, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
      select: agentSelect,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toAgentDto);
  }),

  update: adminProcedure.input(updateAgentInput).mutation(async ({ ctx, input }): Promise<AgentDto> => {
    const { id, ...data } = input;
    return ctx.db.prisma.$transaction(async (tx) => {
      const row = await tx.agent.update({ where: { id }, data, select: agentSelect });
      await audit(tx, ctx, { action: 'agent.update', ...subject(id), details: { fields: changedFields(input) } });
      return toAgentDto(row);
    });
  }),

  delete: adminProcedure.input(idInput).mutation(async ({ ctx, input }): Promise<{ id: string }> => {
    return ctx.db.prisma.$transaction(async (tx) => {
      await tx.agent.delete({ where: { id: input.id } });
      await audit(tx, ctx, { action: 'agent.delete', ...subject(input.id) });
      return { id: input.id };
    });
  }),

  setPassword: adminProcedure.input(setAgentPasswordInput).mutation(async ({ ctx, input }): Promise<{ id: string }> => {
    const passwordHash = await hashPassword(input.password, ctx.policy.passwordHash);
    return ctx.db.prisma.$transaction(async (tx) => {
      await tx.agent.update({ where: { id: input.id }, data: { passwordHash }, select: { id: true } });
      await audit(tx, ctx, { action: 'agent.set_password', ...subject(input.id) });
      return { id: input.id };
    });
  }),
});
