import type { RefusalCode } from '@latchkey/core/protocol';
import type { DbClient } from './client-types.js';
import { defaultCompanyUserOf } from './default-company-user.js';
import type { Prisma } from './generated/prisma/client.js';
import { hashToken, randomToken } from './secrets.js';
import {
  COMPANY_JOINS,
  type CompanyUserRow,
  type CustomerRow,
  type CustomerWithCompanyUser,
  FACTS_COLUMNS,
  type FactsRow,
  factsFromRow,
} from './session-facts.js';
import { fromEpochMs, type Sql } from './sql.js';
import { epochMs, tsParam } from './sql-time.js';

/** Prefix of login token values, so secret scanners can recognise a leaked one. */
export const LOGIN_TOKEN_PREFIX = 'lkl_';

export type CreateLoginTokenInput = {
  clientId: string;
  customerId?: string | null;
  companyUserId?: string | null;
  notBefore?: Date | null;
  /** null: never expires. */
  expiresAt: Date | null;
  oneTimeUse: boolean;
  /** Business on Behalf: a session begun by the token stays on its company user. */
  lockCompanyUser?: boolean;
  requestIp?: string | null;
  extra?: Prisma.InputJsonValue | null;
  createdBy?: string | null;
  /** Seals the value to keep it for reveal (SecretBox.seal); left out, only the hash is kept. */
  seal?: (value: string) => string;
};

/** The company user a new login token names cannot be its subject. */
export class LoginTokenSubjectError extends Error {
  override readonly name = 'LoginTokenSubjectError';
  constructor(
    readonly code: Extract<RefusalCode, 'company_user_not_found' | 'company_user_not_owned'>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whom a token is for, as stored: a company user's token is also filed
 * under that user's customer, so filters by customer find it; neither is an
 * anonymous token.
 */
export async function loginTokenSubject(
  prisma: DbClient,
  input: { customerId?: string | null; companyUserId?: string | null },
): Promise<{ customerId: string | null; companyUserId: string | null }> {
  const customerId = input.customerId ?? null;
  if (!input.companyUserId) return { customerId, companyUserId: null };
  const companyUser = await prisma.companyUser.findUnique({ where: { id: input.companyUserId }, select: { customerId: true } });
  if (!companyUser) throw new LoginTokenSubjectError('company_user_not_found', 'company user not found');
  if (customerId && customerId !== companyUser.customerId) {
    throw new LoginTokenSubjectError('company_user_not_owned', 'company user does not belong to the customer');
  }
  return { customerId: companyUser.customerId, companyUserId: input.companyUserId };
}

/**
 * Creates a login token and returns its value. The store keeps a sha256
 * for lookup and, given `seal`, the value sealed (AES-256-GCM) for the back
 * office's reveal: nothing usable as it is. The validity window comes from
 * policy (core's loginTokenWindow).
 */
export async function createLoginToken(prisma: DbClient, input: CreateLoginTokenInput) {
  const subject = await loginTokenSubject(prisma, input);
  const token = randomToken(LOGIN_TOKEN_PREFIX);
  const record = await prisma.loginToken.create({
    data: {
      tokenHash: hashToken(token),
      tokenEnc: input.seal ? input.seal(token) : null,
      clientId: input.clientId,
      ...subject,
      notBefore: input.notBefore ?? null,
      expiresAt: input.expiresAt,
      oneTimeUse: input.oneTimeUse,
      lockCompanyUser: input.lockCompanyUser ?? false,
      requestIp: input.requestIp ?? null,
      ...(input.extra === undefined || input.extra === null ? {} : { extra: input.extra }),
      createdBy: input.createdBy ?? null,
    },
  });
  return { token, record };
}

export type LoginTokenFactsRow = {
  id: string;
  clientId: string;
  revokedAt: Date | null;
  notBefore: Date | null;
  expiresAt: Date | null;
  oneTimeUse: boolean;
  lockCompanyUser: boolean;
  successfulAttempts: number;
  requestIp: string | null;
  customerId: string | null;
  companyUserId: string | null;
  customer: CustomerRow | null;
  /** The token's own company user (policy rules on it), null for a customer or anonymous token. */
  companyUser: Omit<CompanyUserRow, 'role'> | null;
  /** The session it opens: the customer with the token's company user, else their default one. */
  facts: CustomerWithCompanyUser | null;
};

type TokenRow = FactsRow & {
  lt_id: string;
  client_id: string;
  revoked_ms: number | null;
  not_before_ms: number | null;
  expires_ms: number | null;
  one_time_use: boolean;
  lock_company_user: boolean;
  successful_attempts: number;
  request_ip: string | null;
  lt_customer_id: string | null;
  lt_company_user_id: string | null;
};

const FACTS_QUERY = `SELECT lt.id AS lt_id, lt.client_id, ${epochMs('lt.revoked_at')} AS revoked_ms, ${epochMs('lt.not_before')} AS not_before_ms,
       ${epochMs('lt.expires_at')} AS expires_ms, lt.one_time_use, lt.lock_company_user, lt.successful_attempts, lt.request_ip,
       lt.customer_id AS lt_customer_id, lt.company_user_id AS lt_company_user_id, ${FACTS_COLUMNS}
  FROM login_tokens lt
  LEFT JOIN customers c ON c.id = lt.customer_id
  LEFT JOIN company_users cu ON cu.id = COALESCE(lt.company_user_id, ${defaultCompanyUserOf('lt.customer_id')})
  ${COMPANY_JOINS}
 WHERE lt.token_hash = $1`;

function toFacts(row: TokenRow): LoginTokenFactsRow {
  const facts = factsFromRow(row);
  const own = row.lt_company_user_id && facts?.companyUser ? facts.companyUser : null;
  return {
    id: row.lt_id,
    clientId: row.client_id,
    revokedAt: fromEpochMs(row.revoked_ms),
    notBefore: fromEpochMs(row.not_before_ms),
    expiresAt: fromEpochMs(row.expires_ms),
    oneTimeUse: row.one_time_use,
    lockCompanyUser: row.lock_company_user,
    successfulAttempts: row.successful_attempts,
    requestIp: row.request_ip,
    customerId: row.lt_customer_id,
    companyUserId: row.lt_company_user_id,
    customer: facts?.customer ?? null,
    companyUser: own ? { id: own.id, customerId: own.customerId, status: own.status, company: own.company } : null,
    facts,
  };
}

/**
 * Everything policy needs to rule on a redemption and the session it opens,
 * found by the presented value, in one statement.
 */
export async function findLoginTokenFacts(sql: Sql, value: string): Promise<LoginTokenFactsRow | null> {
  const [row] = await sql<TokenRow>(FACTS_QUERY, [hashToken(value)]);
  return row ? toFacts(row) : null;
}

// What can change between a redemption's read and its write, re-checked by the write on the row as it then is (`t`,
// at `now`): both conditional writes of a success, the statement that reads and the one after a read, share it.
const STILL_REDEEMABLE = (now: string) =>
  `t.revoked_at IS NULL AND (NOT t.one_time_use OR t.successful_attempts = 0)
       AND (t.expires_at IS NULL OR t.expires_at > ${tsParam(now)}) AND (t.not_before IS NULL OR t.not_before <= ${tsParam(now)})`;

/** Who redeems a login token: the client it must be for (null: any, the browser's login link), the caller's IP, now. */
export type Redemption = { clientId: string | null; ip: string; now: Date };

// FACTS_QUERY, and the token consumed in the same statement when what core's checkLoginToken rules on holds as read
// (its client and IP, and the subject it opens: an active customer, or their company user with the customer, company
// user and company active): the conditional write of recordLoginTokenSuccess, whose conditions decide the race (a
// concurrent winner's row fails them when it is re-read). What the statement leaves unconsumed the caller decides on.
// $1 token hash, $2 client (null: any), $3 IP, $4 now (ms).
const REDEEM_QUERY = `WITH f AS (${FACTS_QUERY}),
  redeemed AS (
    UPDATE login_tokens t SET successful_attempts = t.successful_attempts + 1, last_accessed_at = ${tsParam('$4')}, updated_at = ${tsParam('$4')}
      FROM f
     WHERE t.id = f.lt_id AND ${STILL_REDEEMABLE('$4')}
       AND ($2::text IS NULL OR f.client_id = $2::text) AND (f.request_ip IS NULL OR f.request_ip = $3::text)
       AND CASE WHEN f.lt_company_user_id IS NOT NULL
                THEN f.status = 'active' AND f.cu_customer_id = f.id AND f.cu_status = 'active' AND f.company_status = 'active'
                WHEN f.lt_customer_id IS NOT NULL THEN f.status = 'active'
                ELSE true END
    RETURNING 1)
  SELECT f.*, EXISTS (SELECT 1 FROM redeemed) AS redeemed FROM f`;

/**
 * findLoginTokenFacts, counting a successful redemption in the same
 * statement when the token may be redeemed as read (`redeemed`): one
 * round trip for a redemption. `redeemed: false` decides nothing: the
 * caller rules on the facts and counts the outcome (recordLoginTokenSuccess
 * or recordLoginTokenFailure) as it would have without it.
 */
export async function redeemLoginTokenFacts(
  sql: Sql,
  value: string,
  redemption: Redemption,
): Promise<(LoginTokenFactsRow & { redeemed: boolean }) | null> {
  const [row] = await sql<TokenRow & { redeemed: boolean }>(REDEEM_QUERY, [
    hashToken(value),
    redemption.clientId,
    redemption.ip,
    redemption.now.getTime(),
  ]);
  return row ? { ...toFacts(row), redeemed: row.redeemed } : null;
}

/**
 * Counts a successful redemption, in one conditional write that re-checks
 * what can change between read and write: of N concurrent redemptions of a
 * one-time token exactly one gets true.
 */
export async function recordLoginTokenSuccess(sql: Sql, id: string, now: Date): Promise<boolean> {
  const rows = await sql(
    `UPDATE login_tokens t SET successful_attempts = t.successful_attempts + 1, last_accessed_at = ${tsParam('$2')}, updated_at = ${tsParam('$2')}
      WHERE t.id = $1::uuid AND ${STILL_REDEEMABLE('$2')}
      RETURNING 1`,
    [id, now.getTime()],
  );
  return rows.length === 1;
}

export async function recordLoginTokenFailure(sql: Sql, id: string, now: Date): Promise<void> {
  await sql(
    `UPDATE login_tokens SET failed_attempts = failed_attempts + 1, last_accessed_at = ${tsParam('$2')}, updated_at = ${tsParam('$2')} WHERE id = $1::uuid`,
    [id, now.getTime()],
  );
}
