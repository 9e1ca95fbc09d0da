import type { Prisma } from '@latchkey/db';
import { z } from 'zod';
import { iso } from '../lib/dates.js';
import { fromDbJson, type JsonValue } from '../lib/json.js';
import { keyset, type Page, type Sort, toPage } from '../lib/pagination.js';
import { page, range, rangeWhere } from '../lib/schemas.js';
import { adminProcedure, router } from '../trpc.js';

export type AuditEventDto = {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  clientId: string | null;
  ip: string | null;
  details: JsonValue;
};

const text = z.string().min(1).max(200);
const listAuditInput = z
  .object({
    actorId: text.optional(),
    actorType: z.enum(['client', 'agent', 'customer', 'system']).optional(),
    subjectId: text.optional(),
    subjectType: text.optional(),
    action: text.optional(),
    clientId: text.optional(),
    at: range.optional(),
    ...page,
  })
  .strict()
  .default({ limit: 50 });

const NEWEST_FIRST: Sort = { field: 'at', direction: 'desc' };

export const auditRouter = router({
  list: adminProcedure.input(listAuditInput).query(async ({ ctx, input }): Promise<Page<AuditEventDto>> => {
    const { actorId, actorType, subjectId, subjectType, action, clientId } = input;
    const cursor = keyset<Prisma.AuditEventWhereInput, Prisma.AuditEventOrderByWithRelationInput>(NEWEST_FIRST, input.cursor);
    const rows = await ctx.db.prisma.auditEvent.findMany({
      where: { AND: [{ actorId, actorType, subjectId, subjectType, action, clientId, at: rangeWhere(input.at) }, cursor.where] },
      orderBy: cursor.orderBy,
      take: input.limit + 1,
    });
    return toPage(
      rows,
      input.limit,
      NEWEST_FIRST,
      (row) => row.at,
      (row) => ({ ...row, at: iso(row.at), details: fromDbJson(row.details) }),
    );
  }),
});
