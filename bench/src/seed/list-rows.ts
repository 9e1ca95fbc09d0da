import type { Db } from '@latchkey/db';
import { CLIENTS } from './plan.js';

// Rows of the back office's Login Tokens screen, made by the database
// itself in batches (INSERT ... SELECT over generate_series): 60% for a
// company user (filed under its customer too, as createLoginToken does),
// 30% for a customer, 10% anonymous; created over the last 90 days, mostly
// one-time, some used, failed, revoked, IP-bound or with extra metadata.
// Ids are UUIDv7 of the creation time, like the application's.
const INSERT = `
WITH cu AS (
  SELECT id, customer_id, (row_number() OVER (ORDER BY id)) - 1 AS n FROM company_users
), total AS (SELECT count(*) AS c FROM company_users),
r AS (
  SELECT i, random() AS kind, random() AS age, random() AS life, random() AS one, random() AS used,
         random() AS failed, random() AS revoked, random() AS ip, random() AS extra, random() AS client,
         floor(random() * 1e9)::bigint AS pick
  FROM generate_series($1::int, $2::int) AS i
), s AS (
  SELECT r.*, (now() AT TIME ZONE 'UTC') - r.age * interval '90 days' AS created, cu.id AS company_user_id, cu.customer_id
  FROM r CROSS JOIN total JOIN cu ON cu.n = r.pick % total.c
)
INSERT INTO login_tokens (id, token_hash, customer_id, company_user_id, client_id, not_before, expires_at, one_time_use,
  successful_attempts, failed_attempts, last_accessed_at, request_ip, extra, created_by, revoked_at, created_at, updated_at)
SELECT
  (lpad(to_hex(floor(extract(epoch FROM created) * 1000)::bigint), 12, '0') || '7' || substr(md5(i::text || random()::text), 1, 3)
    || to_hex(8 + floor(random() * 4)::int) || substr(md5(random()::text || i::text), 1, 15))::uuid,
  'bench-list-' || md5(i::text || ':' || random()::text),
  CASE WHEN kind < 0.9 THEN customer_id END,
  CASE WHEN kind < 0.6 THEN company_user_id END,
  CASE WHEN kind >= 0.9 THEN '${CLIENTS.others[1]}' WHEN client < 0.75 THEN '${CLIENTS.storefront}' ELSE '${CLIENTS.others[0]}' END,
  NULL,
  CASE WHEN life < 0.05 THEN NULL ELSE created + interval '1 hour' + life * interval '30 days' END,
  one < 0.8,
  CASE WHEN used < 0.3 THEN 1 ELSE 0 END,
  CASE WHEN failed < 0.05 THEN 1 + floor(failed * 60)::int ELSE 0 END,
  CASE WHEN used < 0.3 OR failed < 0.05 THEN created + used * interval '1 day' END,
  CASE WHEN ip < 0.1 THEN '10.0.' || floor(ip * 2550)::int || '.' || (i % 250) END,
  CASE WHEN extra < 0.2 THEN jsonb_build_object('oci_session', md5(i::text), 'note', 'punch-out') END,
  '${CLIENTS.admin.id}',
  CASE WHEN revoked < 0.02 THEN created + interval '2 hours' END,
  created,
  CASE WHEN used < 0.3 OR failed < 0.05 OR revoked < 0.02 THEN created + interval '2 hours' ELSE created END
FROM s`;

/**
 * `rows` listed login tokens, in batches of `batch`; VACUUM ANALYZE afterwards, as autovacuum would in
 * time. Without the VACUUM the list's first reads set every row's hint bits and write the table back
 * (850 MB at a million rows) while the scenarios after it are measured.
 */
export async function seedListRows(db: Db, rows: number, batch = 50_000): Promise<void> {
  if (rows === 0) return;
  for (let from = 1; from <= rows; from += batch) {
    await db.prisma.$executeRawUnsafe(INSERT, from, Math.min(rows, from + batch - 1));
  }
  await db.prisma.$executeRawUnsafe('VACUUM ANALYZE login_tokens');
}
