import { PAYLOAD_KEYS as K, PAYLOAD_KINDS, payloadText, type RefreshTokenPayload } from './oidc-payload-shapes.js';
import { storedOidcId } from './oidc-payloads.js';
import { COMPANY_JOINS, type CustomerWithCompanyUser, FACTS_COLUMNS, type FactsRow, factsFromRow } from './session-facts.js';
import { fromEpochMs, type Sql } from './sql.js';
import { epochMs } from './sql-time.js';

export type RefreshTokenWithFacts = {
  payload: RefreshTokenPayload;
  consumedAt: Date | null;
  expiresAt: Date | null;
  /** The session's customer and company user, when the token continues a customer session. */
  facts: CustomerWithCompanyUser | null;
};

// The subject a refresh token continues is in its payload (RefreshTokenPayload's `session`).
const SESSION_CUSTOMER = `CASE WHEN ${payloadText('t.payload', K.subject, K.subjectType)} = 'customer' THEN (${payloadText('t.payload', K.subject, K.customerId)})::uuid END`;
const SESSION_COMPANY_USER = `(${payloadText('t.payload', K.subject, K.companyUserId)})::uuid`;

/**
 * A SELECT of the refresh token `t` whose stored id is $1 and, for a
 * customer session, its facts (a TokenRow). A token whose grant is gone is
 * no token: a revocation deletes the grant's tokens, but one stored by a
 * company switch racing the revocation would otherwise outlive it.
 */
export const TOKEN_WITH_FACTS = `SELECT t.payload, ${epochMs('t.consumed_at')} AS consumed_ms, ${epochMs('t.expires_at')} AS expires_ms, ${FACTS_COLUMNS}
  FROM oidc_payloads t
  LEFT JOIN customers c ON c.id = ${SESSION_CUSTOMER}
  LEFT JOIN company_users cu ON cu.id = ${SESSION_COMPANY_USER}
  ${COMPANY_JOINS}
 WHERE t.kind = '${PAYLOAD_KINDS.refreshToken}' AND t.id = $1
   AND EXISTS (SELECT 1 FROM oidc_payloads g WHERE g.kind = '${PAYLOAD_KINDS.grant}' AND g.id = t.grant_id)`;

export type TokenRow = FactsRow & { payload: RefreshTokenPayload; consumed_ms: number | null; expires_ms: number | null };

export const tokenFromRow = (row: TokenRow): RefreshTokenWithFacts => ({
  payload: row.payload,
  consumedAt: fromEpochMs(row.consumed_ms),
  expiresAt: fromEpochMs(row.expires_ms),
  facts: factsFromRow(row),
});

/**
 * A refresh token and, for a customer session, the facts its new access
 * token's claims come from, in one statement (for a refresh that does not
 * rotate in the same statement: refresh-token-rotation.ts).
 */
export async function findRefreshTokenWithFacts(sql: Sql, value: string): Promise<RefreshTokenWithFacts | null> {
  const [row] = await sql<TokenRow>(TOKEN_WITH_FACTS, [storedOidcId(PAYLOAD_KINDS.refreshToken, value)]);
  return row ? tokenFromRow(row) : null;
}
