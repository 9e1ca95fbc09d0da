import type { Sql } from './sql.js';
import { tsParam } from './sql-time.js';

const REMEMBER = `INSERT INTO used_jtis (issuer, jti, expires_at) VALUES ($1, $2, ${tsParam('$3')}) ON CONFLICT DO NOTHING RETURNING 1`;

/**
 * Remembers a signed login JWT's `jti` until `expiresAt`. True the first
 * time a (issuer, jti) pair is seen; false for a replay, however many
 * arrive at once (the primary key decides).
 */
export async function rememberJti(sql: Sql, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  const rows = await sql(REMEMBER, [issuer, jti, expiresAt.getTime()]);
  return rows.length === 1;
}
