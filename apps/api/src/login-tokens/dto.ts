import type { LoginTokenListRow, Prisma } from '@latchkey/db';
import { iso, isoOrNull } from '../lib/dates.js';
import { fromDbJson, type JsonValue } from '../lib/json.js';

const person = { select: { firstName: true, lastName: true, email: true } } as const;

/** What a row needs to show whom it is for; never the token hash. */
export const loginTokenInclude = {
  customer: person,
  companyUser: { select: { customer: person, company: { select: { name: true } } } },
} satisfies Prisma.LoginTokenInclude;

type Row = Prisma.LoginTokenGetPayload<{ include: typeof loginTokenInclude }>;

/** The back office's "Contact or Customer" column: a company user is a contact. */
type LoginTokenSubjectType = 'company_user' | 'customer' | 'anonymous';

export type LoginTokenDto = {
  id: string;
  clientId: string;
  customerId: string | null;
  companyUserId: string | null;
  subjectType: LoginTokenSubjectType;
  subjectName: string | null;
  subjectEmail: string | null;
  companyName: string | null;
  notBefore: string | null;
  expiresAt: string | null;
  oneTimeUse: boolean;
  /** Business on Behalf: its sessions may not switch company user. */
  lockCompanyUser: boolean;
  /** Whether `reveal` can show the value (tokens made before values were kept cannot). */
  valueKept: boolean;
  successfulAttempts: number;
  failedAttempts: number;
  lastAccessedAt: string | null;
  requestIp: string | null;
  extra: JsonValue;
  createdBy: string | null;
  revoked: boolean;
  revokedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** The answer of `create`: the token and its value. */
export type CreatedLoginTokenDto = LoginTokenDto & { token: string };

/** The answer of `reveal`. */
export type RevealedLoginTokenDto = { id: string; token: string };

/** A row read through Prisma (get, create, update), as the list's statement reads it. */
export function toLoginTokenDto(row: Row): LoginTokenDto {
  const { customer, companyUser, tokenEnc, tokenHash: _hash, ...columns } = row;
  return toDto({
    ...columns,
    valueKept: tokenEnc !== null,
    person: companyUser?.customer ?? customer,
    companyName: companyUser?.company.name ?? null,
  });
}

export function toDto(row: LoginTokenListRow): LoginTokenDto {
  const who = row.person;
  return {
    id: row.id,
    clientId: row.clientId,
    customerId: row.customerId,
    companyUserId: row.companyUserId,
    subjectType: row.companyUserId ? 'company_user' : row.customerId ? 'customer' : 'anonymous',
    subjectName: who ? `${who.firstName} ${who.lastName}` : null,
    subjectEmail: who?.email ?? null,
    companyName: row.companyName,
    notBefore: isoOrNull(row.notBefore),
    expiresAt: isoOrNull(row.expiresAt),
    oneTimeUse: row.oneTimeUse,
    lockCompanyUser: row.lockCompanyUser,
    valueKept: row.valueKept,
    successfulAttempts: row.successfulAttempts,
    failedAttempts: row.failedAttempts,
    lastAccessedAt: isoOrNull(row.lastAccessedAt),
    requestIp: row.requestIp,
    extra: fromDbJson(row.extra as Prisma.JsonValue | null),
    createdBy: row.createdBy,
    revoked: row.revokedAt !== null,
    revokedAt: isoOrNull(row.revokedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
