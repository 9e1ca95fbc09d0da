import { PAYLOAD_KEYS as K, PAYLOAD_KINDS, payloadJson, payloadText } from './oidc-payload-shapes.js';
import { storedOidcId } from './oidc-payloads.js';
import { type RefreshTokenWithFacts, TOKEN_WITH_FACTS, type TokenRow, tokenFromRow } from './refresh-token-facts.js';
import type { Sql } from './sql.js';
import { tsParam } from './sql-time.js';

export type RefreshRotation = {
  value: string;
  /** The token that replaces it (derived from it, so known before the statement). */
  successor: string;
  clientId: string;
  /** The scopes asked for; none asks for all of the token's. */
  scopes: readonly string[];
  /** The successor expires at `idleUntil` or at the session's start plus `absoluteTtlSeconds`, whichever comes first. */
  idleUntil: Date;
  absoluteTtlSeconds: number;
  now: Date;
};

/**
 * What the statement did: `rotated` the token (consumed it and stored the
 * successor), `ended` its session (consumed it at the end of the session's
 * absolute lifetime, no successor), or left it `untouched` for the caller to
 * decide on (see rotateRefreshToken).
 */
export type RefreshAttempt = RefreshTokenWithFacts & { outcome: 'rotated' | 'ended' | 'untouched' };

const RT = PAYLOAD_KINDS.refreshToken;
const NOW = tsParam('$5');
const SUBJECT = (key: string) => payloadJson('t.payload', K.subject, key);

// $1 token id, $2 client, $3 scopes asked, $4 successor id, $5 now (ms), $6 now (s), $7 idle bound (s), $8 absolute TTL (s).
// The successor's payload is the token's with a new iat, exp and rotation count: what refreshTokenRecord writes for a
// session stored with the token. Only a customer's own session rotates here: its policy is the client's and its claims
// are the facts read with it. A conditional write decides the winner, as in the store's rotate: a statement that loses
// reads the token unconsumed (its snapshot) and leaves it untouched.
// The client is compared in the payload, as the grant compares it, not on the indexed client_id column: there the
// planner, misled by a table's stale statistics, combined the primary key with the (client_id, kind) index and read
// every token of the client (30 ms a refresh in the bench, seen with auto_explain).
const STATEMENT = `WITH token AS (${TOKEN_WITH_FACTS}),
  rotated AS (
    UPDATE oidc_payloads t SET consumed_at = ${NOW}
     WHERE t.kind = '${RT}' AND t.id = $1 AND t.consumed_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ${NOW})
       AND ${payloadText('t.payload', K.clientId)} = $2
       AND ${payloadText('t.payload', K.subject, K.subjectType)} = 'customer' AND jsonb_typeof(${SUBJECT(K.customerId)}) = 'string'
       AND coalesce(jsonb_typeof(${SUBJECT(K.act)}), 'null') = 'null'
       AND string_to_array(${payloadText('t.payload', K.scope)}, ' ') @> $3::text[]
       AND EXISTS (SELECT 1 FROM token)
    RETURNING t.payload, t.grant_id, t.account_id, least($7::bigint, (${payloadText('t.payload', K.sessionStartedAt)})::bigint + $8::bigint) AS exp_s),
  successor AS (
    INSERT INTO oidc_payloads (id, kind, payload, grant_id, account_id, client_id, expires_at, created_at)
    SELECT $4, '${RT}',
           r.payload || jsonb_build_object('${K.issuedAt}', $6::bigint, '${K.expiresAt}', r.exp_s,
                                           '${K.rotations}', (${payloadText('r.payload', K.rotations)})::int + 1),
           r.grant_id, r.account_id, $2, ${tsParam('($5::float8 + (r.exp_s - $6::bigint) * 1000)')}, ${NOW}
      FROM rotated r WHERE r.exp_s > $6::bigint
    ON CONFLICT (kind, id) DO NOTHING)
  SELECT token.*, (SELECT exp_s > $6::bigint FROM rotated) AS successor_lives FROM token`;

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * A refresh in one round trip: reads the token with its session's facts and,
 * for a customer's own session presented by its client, unexpired, unconsumed
 * and asking for no scope it lacks, consumes it and stores its successor.
 * Anything else comes back `untouched`, with what was read: a consumed token
 * (reuse), another client's or a widened scope (refused), a session whose
 * successor or claims need more than this statement reads (code flow, agents,
 * impersonation, anonymous), or a rotation lost to a concurrent one.
 */
export async function rotateRefreshToken(sql: Sql, rotation: RefreshRotation): Promise<RefreshAttempt | null> {
  const [row] = await sql<TokenRow & { successor_lives: boolean | null }>(STATEMENT, [
    storedOidcId(RT, rotation.value),
    rotation.clientId,
    rotation.scopes,
    storedOidcId(RT, rotation.successor),
    rotation.now.getTime(),
    seconds(rotation.now),
    seconds(rotation.idleUntil),
    rotation.absoluteTtlSeconds,
  ]);
  if (!row) return null;
  const outcome = row.successor_lives === null ? 'untouched' : row.successor_lives ? 'rotated' : 'ended';
  return { ...tokenFromRow(row), outcome };
}
