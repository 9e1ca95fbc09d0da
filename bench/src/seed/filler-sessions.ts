import type { Db } from '@latchkey/db';
import type { Template } from './refresh-tokens.js';

const BATCH = 100_000;

// One batch of live sessions made by PostgreSQL itself from the template's rows: a grant and an unused refresh token
// each, ids as random-looking as real ones (sha256, base64url), the subjects round robin over the seeded customers.
// $1 kind, $2 payload, $3 client, $4 expiry, $5 customer ids, $6/$7 the batch's first and last number.
const FILLER = `INSERT INTO oidc_payloads (kind, id, payload, grant_id, account_id, client_id, expires_at)
SELECT $1::text,
  CASE WHEN $1::text = 'Grant' THEN s.grant_id ELSE rtrim(translate(encode(sha256(('filler-rt-' || s.g)::bytea), 'base64'), '+/', '-_'), '=') END,
  $2::jsonb || jsonb_build_object('grantId', s.grant_id, 'accountId', s.account_id),
  CASE WHEN $1::text = 'Grant' THEN NULL ELSE s.grant_id END,
  s.account_id, $3::text, $4::timestamp(3)
FROM (
  SELECT g,
    rtrim(translate(encode(sha256(('filler-grant-' || g)::bytea), 'base64'), '+/', '-_'), '=') AS grant_id,
    ($5::text[])[1 + g % cardinality($5::text[])] AS account_id
  FROM generate_series($6::int, $7::int) AS g
) AS s`;

/**
 * `count` more live sessions in the table, for measuring how a refresh's
 * cost grows with the data: never used by a request, shaped as the template
 * (the password grant's own rows), written server-side in batches. The
 * table is analyzed afterwards, as autovacuum would in time.
 */
export async function seedFillerSessions(db: Db, template: Template, customerIds: string[], count: number): Promise<void> {
  const rows = [template.grant, template.refreshToken];
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(count, from + BATCH - 1);
    for (const row of rows) {
      const expiresAt = row.expiresAt ? new Date(row.expiresAt).toISOString().replace('Z', '') : null;
      await db.prisma.$executeRawUnsafe(
        FILLER,
        row.kind,
        JSON.stringify(row.payload),
        row.clientId ?? null,
        expiresAt,
        customerIds,
        from,
        to,
      );
    }
  }
  await db.prisma.$executeRawUnsafe('ANALYZE oidc_payloads');
}
