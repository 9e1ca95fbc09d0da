import type { DbClient } from './client-types.js';
import { hashToken } from './secrets.js';
import type { Sql } from './sql.js';
import { epochMs } from './sql-time.js';

export type FailureCounter = { failures: number; windowStartedAt: Date; lastFailureAt: Date };

/**
 * Counter keys: one per account name in a directory (known or not), one per
 * client IP. The name is hashed: people type passwords into the username
 * field, and a failed attempt must not leave one readable in a table.
 */
export const accountCounterKey = (directory: string, username: string): string =>
  `${directory}:${hashToken(username.trim().toLowerCase())}`;
export const ipCounterKey = (ip: string): string => `ip:${ip}`;

/**
 * Counts a failed login for a key, shared by every node. A failure after the
 * counting window restarts the count; concurrent failures never lose a
 * count: the restart is conditional and the increment is a native upsert.
 */
export async function recordLoginFailure(prisma: DbClient, key: string, now: Date, windowSeconds: number): Promise<FailureCounter> {
  const windowExpired = new Date(now.getTime() - windowSeconds * 1000);
  const restarted = await prisma.loginFailureCounter.updateMany({
    where: { key, windowStartedAt: { lte: windowExpired } },
    data: { failures: 1, windowStartedAt: now, lastFailureAt: now },
  });
  if (restarted.count === 1) return { failures: 1, windowStartedAt: now, lastFailureAt: now };
  const row = await prisma.loginFailureCounter.upsert({
    where: { key },
    create: { key, failures: 1, windowStartedAt: now, lastFailureAt: now },
    update: { failures: { increment: 1 }, lastFailureAt: now },
  });
  return { failures: row.failures, windowStartedAt: row.windowStartedAt, lastFailureAt: row.lastFailureAt };
}

/** The counters of some keys, in one query (it runs before every password login). */
export async function readLoginFailures(sql: Sql, keys: string[]): Promise<Map<string, FailureCounter>> {
  const rows = await sql<{ key: string; failures: number; window_ms: number; last_ms: number }>(
    `SELECT key, failures, ${epochMs('window_started_at')} AS window_ms, ${epochMs('last_failure_at')} AS last_ms FROM login_failure_counters WHERE key = ANY($1::text[])`,
    [keys],
  );
  return new Map(
    rows.map((r) => [r.key, { failures: r.failures, windowStartedAt: new Date(r.window_ms), lastFailureAt: new Date(r.last_ms) }]),
  );
}

/** A successful login clears its account's counter (never the IP's). */
export async function clearLoginFailures(prisma: DbClient, key: string): Promise<void> {
  await prisma.loginFailureCounter.deleteMany({ where: { key } });
}
