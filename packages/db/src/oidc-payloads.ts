import type { DbClient } from './client-types.js';
import { PAYLOAD_KINDS } from './oidc-payload-shapes.js';
import { hashToken } from './secrets.js';
import { fromEpochMs, type Sql } from './sql.js';
import { epochMs, tsParam } from './sql-time.js';

export type OidcPayload = Record<string, unknown>;
type Row = { payload: OidcPayload; consumed_ms: number | null; expires_ms: number | null };

/** Whether a stored payload that expires at `expiresMs` (null: never) is still live at `now`. */
export const payloadLive = (expiresMs: number | null, now: Date): boolean => expiresMs === null || expiresMs > now.getTime();

const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

// A grant id is not a credential (nothing accepts one from outside), and the
// admin API lists and revokes grants by it; every other id is hashed.
const PLAIN_ID_KINDS = new Set<string>([PAYLOAD_KINDS.grant]);
export const storedOidcId = (kind: string, id: string): string => (PLAIN_ID_KINDS.has(kind) ? id : hashToken(id));

const COLUMNS = 'id, kind, payload, grant_id, uid, user_code, account_id, client_id, expires_at, created_at';
const VALUES = (at: number) =>
  `($${at}, $${at + 1}, $${at + 2}::jsonb, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7}, ${tsParam(`$${at + 8}`)}, ${tsParam(`$${at + 9}`)})`;

/** A new payload (a fresh id) as an `INSERT` into oidc_payloads whose ten parameters start at `$at`, for a statement that writes more beside it. */
export const oidcPayloadInsert = (at: number): string => `INSERT INTO oidc_payloads (${COLUMNS}) VALUES ${VALUES(at)}`;

/** The ten parameters of oidcPayloadInsert, stored as the store stores them (hashed id, no `jti`), created at `nowMs`. */
export function oidcPayloadParams(
  kind: string,
  id: string,
  payload: OidcPayload,
  expiresInSeconds: number | undefined,
  nowMs: number,
): unknown[] {
  const { jti: _jti, consumed: _consumed, ...rest } = payload;
  return [
    storedOidcId(kind, id),
    kind,
    JSON.stringify(rest),
    asString(payload.grantId),
    asString(payload.uid),
    asString(payload.userCode),
    asString(payload.accountId),
    asString(payload.clientId),
    expiresInSeconds ? nowMs + expiresInSeconds * 1000 : null,
    nowMs,
  ];
}
const SELECT = `SELECT payload, ${epochMs('consumed_at')} AS consumed_ms, ${epochMs('expires_at')} AS expires_ms FROM oidc_payloads`;

/** The rule for ending a grant, for callers inside a Prisma transaction (the admin API). */
export async function revokeGrantIn(client: DbClient, grantId: string): Promise<number> {
  const { count } = await client.oidcPayload.deleteMany({ where: { OR: [{ grantId }, { kind: PAYLOAD_KINDS.grant, id: grantId }] } });
  return count;
}

/**
 * oidc-provider's storage, on raw SQL (these are the token endpoint's hot
 * queries). Ids are stored as sha256 hashes (grants aside) and the payload's
 * `jti` (the same id) is dropped, so nothing stored can be presented as a
 * refresh token, code or session; the id is put back on read.
 */
export function createOidcPayloadStore(sql: Sql, clock: () => Date = () => new Date()) {
  // Rows found by uid or user code come back without `jti`: it is not
  // recoverable from storage by design, and oidc-provider only reads them.
  const toPayload = (id: string | undefined, row: Row | undefined): OidcPayload | undefined => {
    if (!row || !payloadLive(row.expires_ms, clock())) return undefined;
    const payload = id === undefined ? row.payload : { ...row.payload, jti: id };
    return row.consumed_ms === null ? payload : { ...payload, consumed: epoch(new Date(row.consumed_ms)) };
  };

  const values = (kind: string, id: string, payload: OidcPayload, expiresInSeconds: number | undefined): unknown[] =>
    oidcPayloadParams(kind, id, payload, expiresInSeconds, clock().getTime());

  const find = async (kind: string, id: string) =>
    (await sql<Row>(`${SELECT} WHERE kind = $1 AND id = $2`, [kind, storedOidcId(kind, id)]))[0];

  return {
    async upsert(kind: string, id: string, payload: OidcPayload, expiresInSeconds?: number): Promise<void> {
      await sql(
        `INSERT INTO oidc_payloads (${COLUMNS}) VALUES ${VALUES(1)}
         ON CONFLICT (kind, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id, uid = EXCLUDED.uid,
           user_code = EXCLUDED.user_code, account_id = EXCLUDED.account_id, client_id = EXCLUDED.client_id, expires_at = EXCLUDED.expires_at`,
        values(kind, id, payload, expiresInSeconds),
      );
    },

    /** Stores several new payloads (fresh ids) in one statement: a new grant with its first refresh token. */
    async insertAll(records: { kind: string; id: string; payload: OidcPayload; expiresInSeconds?: number }[]): Promise<void> {
      if (records.length === 0) return;
      const params = records.flatMap((r) => values(r.kind, r.id, r.payload, r.expiresInSeconds));
      await sql(`INSERT INTO oidc_payloads (${COLUMNS}) VALUES ${records.map((_, i) => VALUES(i * 10 + 1)).join(', ')}`, params);
    },

    /** Stores a payload unless one with this id exists; true if this call stored it. */
    async insertIfAbsent(kind: string, id: string, payload: OidcPayload, expiresInSeconds?: number): Promise<boolean> {
      const rows = await sql(
        `INSERT INTO oidc_payloads (${COLUMNS}) VALUES ${VALUES(1)} ON CONFLICT (kind, id) DO NOTHING RETURNING 1`,
        values(kind, id, payload, expiresInSeconds),
      );
      return rows.length === 1;
    },

    /**
     * Replaces a token with its successor in one statement: consumes the
     * token if it was not, and only then stores the successor. Of any number
     * of concurrent rotations of one token exactly one gets true, and when it
     * commits the successor is there for the others to find; a rotation that
     * loses (or comes after the family was revoked) writes nothing.
     */
    async rotate(
      kind: string,
      id: string,
      successorId: string,
      successor: OidcPayload,
      expiresInSeconds: number,
      at: Date = clock(),
    ): Promise<boolean> {
      const rows = await sql<{ won: number }>(
        `WITH consumed AS (UPDATE oidc_payloads SET consumed_at = ${tsParam('$13')} WHERE kind = $11 AND id = $12 AND consumed_at IS NULL RETURNING 1),
              successor AS (INSERT INTO oidc_payloads (${COLUMNS}) SELECT * FROM (VALUES ${VALUES(1)}) AS v WHERE EXISTS (SELECT 1 FROM consumed)
                            ON CONFLICT (kind, id) DO NOTHING)
         SELECT count(*)::int AS won FROM consumed`,
        [...values(kind, successorId, successor, expiresInSeconds), kind, storedOidcId(kind, id), at.getTime()],
      );
      return rows[0]?.won === 1;
    },

    async find(kind: string, id: string): Promise<OidcPayload | undefined> {
      return toPayload(id, await find(kind, id));
    },

    /** The stored row with its consumption time, for callers that decide on reuse. */
    async findWithState(kind: string, id: string): Promise<{ payload: OidcPayload; consumedAt: Date | null } | undefined> {
      const row = await find(kind, id);
      const payload = toPayload(id, row);
      return payload && row ? { payload, consumedAt: fromEpochMs(row.consumed_ms) } : undefined;
    },

    async findByUid(kind: string, uid: string): Promise<OidcPayload | undefined> {
      return toPayload(undefined, (await sql<Row>(`${SELECT} WHERE kind = $1 AND uid = $2 LIMIT 1`, [kind, uid]))[0]);
    },

    async findByUserCode(kind: string, userCode: string): Promise<OidcPayload | undefined> {
      return toPayload(undefined, (await sql<Row>(`${SELECT} WHERE kind = $1 AND user_code = $2 LIMIT 1`, [kind, userCode]))[0]);
    },

    /**
     * Consume-once: one conditional write, so of any number of concurrent
     * callers exactly one gets true.
     */
    async consume(kind: string, id: string, at: Date = clock()): Promise<boolean> {
      const rows = await sql(
        `UPDATE oidc_payloads SET consumed_at = ${tsParam('$3')} WHERE kind = $1 AND id = $2 AND consumed_at IS NULL RETURNING 1`,
        [kind, storedOidcId(kind, id), at.getTime()],
      );
      return rows.length === 1;
    },

    async destroy(kind: string, id: string): Promise<void> {
      await sql('DELETE FROM oidc_payloads WHERE kind = $1 AND id = $2', [kind, storedOidcId(kind, id)]);
    },

    /** Ends every session of an account on one client: its grants and every token stored for them. */
    async revokeAccountOnClient(accountId: string, clientId: string): Promise<number> {
      const rows = await sql<{ n: number }>(
        `WITH gone AS (DELETE FROM oidc_payloads WHERE account_id = $1 AND client_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [accountId, clientId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Ends a grant: the grant itself and every token issued under it (the rule of revokeGrantIn). */
    async revokeByGrantId(grantId: string): Promise<number> {
      const rows = await sql<{ n: number }>(
        `WITH gone AS (DELETE FROM oidc_payloads WHERE grant_id = $1 OR (kind = '${PAYLOAD_KINDS.grant}' AND id = $1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
        [grantId],
      );
      return rows[0]?.n ?? 0;
    },
  };
}

export type OidcPayloadStore = ReturnType<typeof createOidcPayloadStore>;
