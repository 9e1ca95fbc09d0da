import { type Prisma, searchWords } from '@latchkey/db';
import { comparisonWhere, rangeWhere } from '../lib/schemas.js';
import type { ListLoginTokensInput } from './schemas.js';

const SUBJECT_TYPES = {
  company_user: { companyUserId: { not: null } },
  customer: { companyUserId: null, customerId: { not: null } },
  anonymous: { companyUserId: null, customerId: null },
} satisfies Record<string, Prisma.LoginTokenWhereInput>;

const contains = (word: string) => ({ contains: word, mode: 'insensitive' as const });

/**
 * Each word of a search matches the token's customer (a contact's token is
 * filed under its customer too) or the contact's company. PostgreSQL serves
 * the `ILIKE` with the pg_trgm indexes (packages/db search.ts).
 */
function searchWhere(search: string | undefined): Prisma.LoginTokenWhereInput {
  if (!search) return {};
  return {
    AND: searchWords(search).map((word) => ({
      OR: [
        { customer: { OR: [{ email: contains(word) }, { firstName: contains(word) }, { lastName: contains(word) }] } },
        { companyUser: { company: { name: contains(word) } } },
      ],
    })),
  };
}

/** The list's filters as one where clause; an absent filter adds nothing. */
export function loginTokenWhere(input: ListLoginTokensInput): Prisma.LoginTokenWhereInput {
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
      searchWhere(input.search),
    ],
  };
}
