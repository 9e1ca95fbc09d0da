import type { DbClient } from './client-types.js';
import { hashToken } from './secrets.js';
import type { Sql } from './sql.js';
import { epochMs, tsParam } from './sql-time.js';

export type FailureCounter = { failures: number; windowStartedAt: Date; lastFailureAt: Date };

/**
 * Counter keys: one per account name in a directory (known or not), one per
 * client IP. The name is hashed: people type passwords into the username
 * field, and a failed attempt must not leave one readable in a table.
 */
export const accountCounterKey = (directory: string, username: string): string =>
  `${directory}:${hashToken(username.trim().toLowerCase())}`;
export const ipCounterKey = (ip: string): string => `ip:${ip}`;

/** One counter's rule: how many failures its window allows, and the backoff past them. */
export type CounterRule = {
  maxFailures: number;
  windowSeconds: number;
  backoff: { baseSeconds: number; factor: number; maxSeconds: number };
};

const NOW = tsParam('$2');
// The lock of packages/core lockoutState, in SQL: past the threshold, until
// the last attempt plus the backoff (exponential in the excess, capped).
const UNLOCKED = `(c.failures < $4::int OR c.last_failure_at + LEAST($5::float8 * power($6::float8, GREATEST(0, c.failures - $4::int)), $7::float8) * interval '1 second' <= ${NOW})`;
const WINDOW_OVER = `c.window_started_at <= ${NOW} - $3::float8 * interval '1 second'`;
const RESERVE = `INSERT INTO login_failure_counters AS c (key, failures, window_started_at, last_failure_at)
VALUES ($1::text, 1, ${NOW}, ${NOW})
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN ${WINDOW_OVER} THEN 1 ELSE c.failures + 1 END,
  window_started_at = CASE WHEN ${WINDOW_OVER} THEN ${NOW} ELSE c.window_started_at END,
  last_failure_at = ${NOW}
WHERE ${UNLOCKED}
RETURNING failures`;

/**
 * Reserves one login attempt on a key before the password is verified: a
 * single conditional upsert counts the attempt as a failure unless the key
 * is locked, and tells which. Concurrent attempts queue on the row, so of N
 * at once at most the rule's limit get through, however fast they arrive.
 * The IP's counter is reserved so: a burst from one address costs at most
 * its limit in argon2 work. An attempt that turns out not to be a failure
 * gives its reservation back (`releaseLoginAttempt`). False: locked,
 * nothing counted.
 */
export async function reserveLoginAttempt(sql: Sql, key: string, now: Date, rule: CounterRule): Promise<boolean> {
  const { maxFailures, windowSeconds, backoff } = rule;
  const rows = await sql(RESERVE, [
    key,
    now.getTime(),
    windowSeconds,
    maxFailures,
    backoff.baseSeconds,
    backoff.factor,
    backoff.maxSeconds,
  ]);
  return rows.length === 1;
}

// $8: 1 for a failure (counted as RESERVE counts it), 0 for the right password (the count starts again).
const SETTLE = `INSERT INTO login_failure_counters AS c (key, failures, window_started_at, last_failure_at)
VALUES ($1::text, $8::int, ${NOW}, ${NOW})
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN $8::int = 0 THEN 0 WHEN ${WINDOW_OVER} THEN 1 ELSE c.failures + 1 END,
  window_started_at = CASE WHEN $8::int = 0 OR ${WINDOW_OVER} THEN ${NOW} ELSE c.window_started_at END,
  last_failure_at = CASE WHEN $8::int = 0 THEN c.last_failure_at ELSE ${NOW} END
WHERE ${UNLOCKED}
RETURNING failures`;

/**
 * Settles a verified attempt on an account's counter, after argon2: unless
 * the key is locked, one conditional upsert counts a failure or, for the
 * right password, starts the count again. True: the outcome stands and may
 * be told. False: locked meanwhile, nothing changed — the attempt must be
 * answered with the lock whatever its password was. Nothing is held while
 * the password is verified, so many logins of one account run at once and a
 * crashed process leaves nothing behind; concurrent wrong guesses queue on
 * the row here, and at most the rule's limit of them are told they failed.
 * Failure and success run the same statement, so a refused attempt's timing
 * does not tell which it was.
 */
export async function settleLoginAttempt(sql: Sql, key: string, now: Date, rule: CounterRule, failed: boolean): Promise<boolean> {
  const { maxFailures, windowSeconds, backoff } = rule;
  const rows = await sql(SETTLE, [
    key,
    now.getTime(),
    windowSeconds,
    maxFailures,
    backoff.baseSeconds,
    backoff.factor,
    backoff.maxSeconds,
    failed ? 1 : 0,
  ]);
  return rows.length === 1;
}

/** Gives back an attempt reserved by `reserveLoginAttempt` that turned out not to be a failure. */
export async function releaseLoginAttempt(sql: Sql, key: string): Promise<void> {
  await sql('UPDATE login_failure_counters SET failures = GREATEST(failures - 1, 0) WHERE key = $1::text', [key]);
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

/**
 * Removes an account's counter that a success left at zero: a failure
 * counted since (a concurrent wrong guess) keeps its row.
 */
export async function dropClearedCounter(prisma: DbClient, key: string): Promise<void> {
  await prisma.loginFailureCounter.deleteMany({ where: { key, failures: 0 } });
}
