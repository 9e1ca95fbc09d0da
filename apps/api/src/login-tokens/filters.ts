import { type Prisma, type SearchTargets, searchWords } from '@latchkey/db';
import { comparisonWhere, rangeWhere } from '../lib/schemas.js';
import type { ListLoginTokensInput } from './schemas.js';

const SUBJECT_TYPES = {
  company_user: { companyUserId: { not: null } },
  customer: { companyUserId: null, customerId: { not: null } },
  anonymous: { companyUserId: null, customerId: null },
} satisfies Record<string, Prisma.LoginTokenWhereInput>;

const contains = (word: string) => ({ contains: word, mode: 'insensitive' as const });

/**
 * The tokens of the customers (a contact's token is filed under its
 * customer too) and of the contacts of the companies a search names. Narrow
 * terms come as id lists (packages/db searchTargets), served by the
 * tokens' customer and company-user indexes; a broad one (null) as the
 * `ILIKE` itself, where matching tokens are dense and the list's own order
 * finds a page of them quickly.
 */
function searchWhere(search: string | undefined, targets: SearchTargets | null): Prisma.LoginTokenWhereInput {
  if (!search || !targets) return {};
  const words = searchWords(search);
  const customer: Prisma.LoginTokenWhereInput =
    targets.customerIds === null
      ? { customer: { AND: words.map((w) => ({ OR: [{ email: contains(w) }, { firstName: contains(w) }, { lastName: contains(w) }] })) } }
      : { customerId: { in: targets.customerIds } };
  const company: Prisma.LoginTokenWhereInput =
    targets.companyIds === null
      ? { companyUser: { company: { AND: words.map((w) => ({ name: contains(w) })) } } }
      : { companyUser: { companyId: { in: targets.companyIds } } };
  return { OR: [customer, company] };
}

/** The list's filters as one where clause; an absent filter adds nothing. */
export function loginTokenWhere(input: ListLoginTokensInput, targets: SearchTargets | null = null): Prisma.LoginTokenWhereInput {
  return {
    AND: [
      {
        id: input.ids ? { in: input.ids } : undefined,
        // A company user's token is filed under its customer too, so this finds both kinds.
        customerId: input.customerId,
        companyUserId: input.companyUserId,
        clientId: input.clientId,
        expiresAt: rangeWhere(input.expiresAt),
        createdAt: rangeWhere(input.createdAt),
        updatedAt: rangeWhere(input.updatedAt),
        lastAccessedAt: rangeWhere(input.lastAccessedAt),
        successfulAttempts: comparisonWhere(input.successfulAttempts),
        failedAttempts: comparisonWhere(input.failedAttempts),
        oneTimeUse: input.oneTimeUse,
        lockCompanyUser: input.lockCompanyUser,
        revokedAt: input.revoked === undefined ? undefined : input.revoked ? { not: null } : null,
      },
      input.subjectType ? SUBJECT_TYPES[input.subjectType] : {},
      searchWhere(input.search, targets),
    ],
  };
}
