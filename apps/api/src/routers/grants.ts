import { type Prisma, revokeGrantIn } from '@latchkey/db';
import { z } from 'zod';
import { notFound } from '../errors.js';
import { audit } from '../lib/audit.js';
import { iso, isoOrNull } from '../lib/dates.js';
import { keyset, type Page, type Sort, toPage } from '../lib/pagination.js';
import { page } from '../lib/schemas.js';
import { adminProcedure, router } from '../trpc.js';

/** An oidc-provider grant: one login of an account at a client, with every token issued under it. */
export type GrantDto = { id: string; accountId: string | null; clientId: string | null; createdAt: string; expiresAt: string | null };

const grantId = z.string().min(1).max(200);
const listGrantsInput = z
  .object({
    accountId: z.string().min(1).max(200).optional(),
    clientId: z.string().min(1).max(200).optional(),
    /** Expired grants are dead but not yet purged; left out unless asked for. */
    includeExpired: z.boolean().default(false),
    ...page,
  })
  .strict()
  .default({ limit: 50, includeExpired: false });

// Grant ids are random text (oidc-provider's), not uuids.
const SORT: Sort = { field: 'createdAt', direction: 'desc', textIds: true };

export const grantsRouter = router({
  list: adminProcedure.input(listGrantsInput).query(async ({ ctx, input }): Promise<Page<GrantDto>> => {
    const filters: Prisma.OidcPayloadWhereInput = {
      kind: 'Grant',
      accountId: input.accountId,
      clientId: input.clientId,
      ...(input.includeExpired ? {} : { OR: [{ expiresAt: null }, { expiresAt: { gt: ctx.clock() } }] }),
    };
    const cursor = keyset<Prisma.OidcPayloadWhereInput, Prisma.OidcPayloadOrderByWithRelationInput>(SORT, input.cursor);
    const rows = await ctx.db.prisma.oidcPayload.findMany({
      where: { AND: [filters, cursor.where] },
      orderBy: cursor.orderBy,
      take: input.limit + 1,
      select: { id: true, accountId: true, clientId: true, createdAt: true, expiresAt: true },
    });
    return toPage(
      rows,
      input.limit,
      SORT,
      (row) => row.createdAt,
      (row) => ({ ...row, createdAt: iso(row.createdAt), expiresAt: isoOrNull(row.expiresAt) }),
    );
  }),

  /** Ends the grant and every token issued under it. */
  revoke: adminProcedure.input(z.object({ grantId }).strict()).mutation(
    ({ ctx, input }): Promise<{ grantId: string; count: number }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const count = await revokeGrantIn(tx, input.grantId);
        if (count === 0) throw notFound('grant');
        await audit(tx, ctx, { action: 'grant.revoke', subjectType: 'grant', subjectId: input.grantId, details: { count } });
        return { grantId: input.grantId, count };
      }),
  ),
});
