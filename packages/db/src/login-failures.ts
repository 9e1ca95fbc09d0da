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
/** reserveLoginAttempt's statement ($1-$7 as reserveParams lists them), for the statements that fold it in (login-attempts.ts). */
export const RESERVE = `INSERT INTO login_failure_counters AS c (key, failures, window_started_at, last_failure_at)
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
  return (await sql(RESERVE, reserveParams(key, now, rule))).length === 1;
}

export const reserveParams = (key: string, now: Date, { maxFailures, windowSeconds, backoff }: CounterRule): unknown[] => [
  key,
  now.getTime(),
  windowSeconds,
  maxFailures,
  backoff.baseSeconds,
  backoff.factor,
  backoff.maxSeconds,
];

// $8: 1 for a failure, 0 for the right password. $9: when the attempt began. An attempt begun
// before the last right password (STALE) still counts against the count that one ended.
const FAILED = '$8::int = 1';
const STALE = `(c.cleared_at IS NOT NULL AND ${tsParam('$9')} < c.cleared_at)`;
const CLEARS = `(NOT ${FAILED} AND NOT ${STALE})`;
/** settleLoginAttempt's statement ($1-$9 as settleParams lists them), for the statements that fold it in (login-attempts.ts). */
export const SETTLE = `INSERT INTO login_failure_counters AS c (key, failures, window_started_at, last_failure_at, cleared_at)
VALUES ($1::text, $8::int, ${NOW}, ${NOW}, CASE WHEN ${FAILED} THEN NULL ELSE ${NOW} END)
ON CONFLICT (key) DO UPDATE SET
  failures = CASE WHEN ${CLEARS} THEN 0 WHEN NOT ${FAILED} THEN c.failures WHEN ${WINDOW_OVER} THEN 1 ELSE c.failures + 1 END,
  failures_at_clear = CASE
    WHEN ${CLEARS} THEN (CASE WHEN ${WINDOW_OVER} THEN 0 ELSE c.failures END)
    WHEN ${FAILED} AND ${STALE} THEN c.failures_at_clear + 1
    ELSE c.failures_at_clear END,
  cleared_at = CASE WHEN ${CLEARS} THEN ${NOW} ELSE c.cleared_at END,
  window_started_at = CASE WHEN ${CLEARS} OR (${FAILED} AND ${WINDOW_OVER}) THEN ${NOW} ELSE c.window_started_at END,
  last_failure_at = CASE WHEN ${FAILED} THEN ${NOW} ELSE c.last_failure_at END
WHERE ${UNLOCKED} AND (NOT ${STALE} OR c.failures_at_clear < $4::int)
RETURNING failures`;

/**
 * Settles a verified attempt on an account's counter, after argon2: unless
 * the key is locked, one conditional upsert counts a failure or, for the
 * right password, starts the count again. True: the outcome stands and may
 * be told. False: locked, nothing changed — the attempt must be answered
 * with the lock whatever its password was. Nothing is held while the
 * password is verified, so many logins of one account run at once and a
 * crashed process leaves nothing behind; concurrent wrong guesses queue on
 * the row here, and at most the rule's limit of them are told they failed.
 * The right password starts the count again only for attempts begun after
 * it (`begunAt`): those begun before it, in flight beside it, still count
 * against the count it ended (`failures_at_clear`) as well as the new one,
 * so a burst gets no more than the limit told however many right passwords
 * it holds. Failure and success run the same statement, so a refused
 * attempt's timing does not tell which it was.
 */
export async function settleLoginAttempt(sql: Sql, key: string, attempt: SettledAttempt, rule: CounterRule): Promise<boolean> {
  return (await sql(SETTLE, settleParams(key, attempt, rule))).length === 1;
}

export type SettledAttempt = { begunAt: Date; now: Date; failed: boolean };

export const settleParams = (key: string, attempt: SettledAttempt, rule: CounterRule): unknown[] => [
  ...reserveParams(key, attempt.now, rule),
  attempt.failed ? 1 : 0,
  attempt.begunAt.getTime(),
];

/** Gives back an attempt reserved by `reserveLoginAttempt` that turned out not to be a failure. */
export async function releaseLoginAttempt(sql: Sql, key: string): Promise<void> {
  await sql('UPDATE login_failure_counters SET failures = GREATEST(failures - 1, 0) WHERE key = $1::text', [key]);
}

/** A counter as read (login-attempts.ts reads one beside its other columns). */
export const counterFromRow = (failures: number, windowMs: number, lastMs: number): FailureCounter => ({
  failures,
  windowStartedAt: new Date(windowMs),
  lastFailureAt: new Date(lastMs),
});

/** The counters of some keys, in one query (it runs before every password login). */
export async function readLoginFailures(sql: Sql, keys: string[]): Promise<Map<string, FailureCounter>> {
  const rows = await sql<{ key: string; failures: number; window_ms: number; last_ms: number }>(
    `SELECT key, failures, ${epochMs('window_started_at')} AS window_ms, ${epochMs('last_failure_at')} AS last_ms FROM login_failure_counters WHERE key = ANY($1::text[])`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, counterFromRow(r.failures, r.window_ms, r.last_ms)]));
}
