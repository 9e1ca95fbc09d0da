import { type Failure, fail, ok, type Success } from './decision.js';
import type { LockoutRules } from './policy.js';

/**
 * A failure counter as stored: one per account name and one per client IP.
 * The store resets `failures` when a failure arrives after the counting
 * window has passed; the lock itself lasts for the backoff.
 */
export type FailureCounter = {
  failures: number;
  windowStartedAt: Date;
  lastFailureAt: Date;
};

export type LoginAttempts = { account?: FailureCounter | null; ip?: FailureCounter | null };
export type LockoutDecision = Success<{ locked: false }> | (Failure & { retryAfterSeconds: number });

/** Seconds of lockout after `excess` failures past the threshold: exponential, capped. */
export function backoffSeconds(excess: number, rules: LockoutRules): number {
  const { baseSeconds, factor, maxSeconds } = rules.backoff;
  return Math.min(baseSeconds * factor ** Math.max(0, excess), maxSeconds);
}

function lockedFor(counter: FailureCounter, maxFailures: number, now: Date, rules: LockoutRules): number {
  if (counter.failures < maxFailures) return 0;
  const until = counter.lastFailureAt.getTime() + backoffSeconds(counter.failures - maxFailures, rules) * 1000;
  return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
}

/**
 * Past the threshold every attempt is refused, even with the right password,
 * until the backoff ends. The account is checked first so its code wins.
 */
export function lockoutState(attempts: LoginAttempts, now: Date, rules: LockoutRules): LockoutDecision {
  const checks = [
    { counter: attempts.account, maxFailures: rules.account.maxFailures, code: 'account_locked' as const },
    { counter: attempts.ip, maxFailures: rules.ip.maxFailures, code: 'ip_locked' as const },
  ];
  for (const { counter, maxFailures, code } of checks) {
    const retryAfterSeconds = counter ? lockedFor(counter, maxFailures, now, rules) : 0;
    if (retryAfterSeconds > 0) {
      return { ...fail(code, 'too many failed login attempts, try again later'), retryAfterSeconds };
    }
  }
  return ok({ locked: false });
}
