import { type Prisma, revokeGrantIn } from '@latchkey/db';
import { notFound } from '../errors.js';
import { audit } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { type StorefrontTokenDto, toStorefrontTokenDto } from '../storefront-tokens/dto.js';
import { listStorefrontTokensInput, storefrontTokenIdInput } from '../storefront-tokens/schemas.js';
import { adminProcedure, router } from '../trpc.js';

const NEWEST_FIRST = { field: 'createdAt', direction: 'desc' } as const;

export const storefrontTokensRouter = router({
  /** Newest first, by customer and/or client. */
  list: adminProcedure.input(listStorefrontTokensInput).query(async ({ ctx, input }): Promise<Page<StorefrontTokenDto>> => {
    const page = keyset<Prisma.StorefrontTokenWhereInput, Prisma.StorefrontTokenOrderByWithRelationInput>(NEWEST_FIRST, input.cursor);
    const rows = await ctx.db.prisma.storefrontToken.findMany({
      where: { AND: [{ customerId: input.customerId, clientId: input.clientId }, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
    });
    return toPage(rows, input.limit, NEWEST_FIRST, (row) => row.createdAt, toStorefrontTokenDto);
  }),

  /** Ends the token's session: its grant goes, so introspection answers inactive from now on. */
  revoke: adminProcedure.input(storefrontTokenIdInput).mutation(
    ({ ctx, input }): Promise<StorefrontTokenDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const current = await tx.storefrontToken.findUnique({ where: { id: input.id } });
        if (!current) throw notFound('storefront token');
        const row = current.revokedAt
          ? current
          : await tx.storefrontToken.update({ where: { id: input.id }, data: { revokedAt: ctx.clock() } });
        await revokeGrantIn(tx, current.grantId);
        await audit(tx, ctx, {
          action: 'storefront_token.revoke',
          subjectType: 'storefront_token',
          subjectId: input.id,
          details: { customerId: row.customerId, clientId: row.clientId },
        });
        return toStorefrontTokenDto(row);
      }),
  ),
});
