import { z } from 'zod';
import { clientId } from '../clients/schemas.js';
import { boundedJson, comparison, id, instant, page, range, searchTerm, sortDirection } from '../lib/schemas.js';

/** Free metadata of the back office's "Extra" column (an OCI session, a note). */
const extra = boundedJson(8 * 1024);
/** Only a caller from this address may redeem the token (BigCommerce's request_ip). */
const requestIp = z.union([z.ipv4(), z.ipv6()]);

export const createLoginTokenInput = z
  .object({
    /** Left out: the client marked as the default for login tokens (clients.update `loginTokenDefault`). */
    clientId: clientId.optional(),
    /** Neither customerId nor companyUserId: an anonymous token (OCI punch-out). */
    customerId: id.optional(),
    companyUserId: id.optional(),
    notBefore: instant.optional(),
    /** null: never expires (unless policy requires an expiry); left out: the policy's default lifetime. */
    expiresAt: instant.nullable().optional(),
    /** Left out: the policy's default (one-time). */
    oneTimeUse: z.boolean().optional(),
    /** Business on Behalf: sessions it begins may not switch company user. Left out: the policy's default (false). */
    lockCompanyUser: z.boolean().optional(),
    requestIp: requestIp.optional(),
    extra: extra.optional(),
  })
  .strict();

export const updateLoginTokenInput = z
  .object({
    id,
    /** null: never expires (unless policy requires an expiry). */
    expiresAt: instant.nullable().optional(),
    notBefore: instant.nullable().optional(),
    /**
     * A new user: a companyUserId (its customer comes with it), a customerId
     * alone, or both null for an anonymous token. Left out: unchanged.
     */
    customerId: id.nullable().optional(),
    companyUserId: id.nullable().optional(),
    oneTimeUse: z.boolean().optional(),
    lockCompanyUser: z.boolean().optional(),
    extra: extra.optional(),
    requestIp: requestIp.nullable().optional(),
    /** true revokes the token now; false lifts the revocation. */
    revoked: z.boolean().optional(),
  })
  .strict();

export const LOGIN_TOKEN_SORT_FIELDS = [
  'createdAt',
  'updatedAt',
  'expiresAt',
  'lastAccessedAt',
  'successfulAttempts',
  'failedAttempts',
] as const;
/** @public apps/console (its branch) imports it through @latchkey/api/schemas. */
export type LoginTokenSortField = (typeof LOGIN_TOKEN_SORT_FIELDS)[number];
const defaultSort = { field: 'createdAt', direction: 'desc' } as const;

/** Every filter of the back office's Login Tokens screen, and a few more. */
export const listLoginTokensInput = z
  .object({
    /** The user picker's filter by name: any part of the customer's or contact's e-mail or names, or the company's name. */
    search: searchTerm.optional(),
    ids: z.array(id).min(1).max(200).optional(),
    customerId: id.optional(),
    companyUserId: id.optional(),
    clientId: clientId.optional(),
    subjectType: z.enum(['customer', 'company_user', 'anonymous']).optional(),
    expiresAt: range.optional(),
    createdAt: range.optional(),
    updatedAt: range.optional(),
    lastAccessedAt: range.optional(),
    successfulAttempts: comparison.optional(),
    failedAttempts: comparison.optional(),
    oneTimeUse: z.boolean().optional(),
    lockCompanyUser: z.boolean().optional(),
    revoked: z.boolean().optional(),
    sort: z
      .object({ field: z.enum(LOGIN_TOKEN_SORT_FIELDS), direction: sortDirection })
      .strict()
      .default(defaultSort),
    ...page,
  })
  .strict()
  .default({ limit: 50, sort: defaultSort });

export type ListLoginTokensInput = z.output<typeof listLoginTokensInput>;

export const deleteLoginTokensInput = z.object({ ids: z.array(id).min(1).max(200) }).strict();
