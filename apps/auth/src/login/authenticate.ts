import { canLogIn, type Failure, fail, type LoginSubject, lockoutState, needsRehash, ok, type Success } from '@latchkey/core';
import {
  accountCounterKey,
  clearLoginFailures,
  findLoginCandidate,
  hashPassword,
  ipCounterKey,
  type LoginCandidate,
  readLoginFailures,
  releaseLoginAttempt,
  reserveLoginAttempt,
  verifyPassword,
} from '@latchkey/db';
import type { GrantDeps } from '../grants/deps.js';

export type Directory = 'customer' | 'agent';
export type Authenticated = { kind: Directory; row: LoginCandidate };
/** A refusal; a lockout says when to try again (the password grant's Retry-After, the sign-in page's message). */
export type LoginRefusal = Failure & { retryAfterSeconds?: number };

/** The one answer for unknown user, wrong password and disabled account. */
const INVALID_CREDENTIALS = 'invalid username or password';

// Control characters (a NUL above all) can be in no stored address, and PostgreSQL refuses them in text.
const PLAUSIBLE_EMAIL = /^[^\u0000-\u001f\u007f]{1,320}$/;

const subjectOf = ({ kind, row }: Authenticated): LoginSubject =>
  kind === 'agent'
    ? { kind: 'agent', agent: { id: row.id, status: row.status, roles: row.roles } }
    : { kind: 'customer', customer: { id: row.id, reference: row.reference, status: row.status, emailVerified: row.emailVerified } };

/**
 * Reserves this attempt on the account name and on the IP before any
 * password work, each with one conditional upsert (packages/db
 * login-failures.ts): a burst of concurrent guesses gets at most the rule's
 * limit evaluated, the rest the lock. An attempt that reserved one key but
 * found the other locked gives its reservation back. The answer of a lock
 * is computed from the counters as they stand, for Retry-After.
 */
async function reserve(deps: GrantDeps, keys: [string, string], now: Date): Promise<LoginRefusal | null> {
  const { account, ip, backoff } = deps.policy.lockout;
  const reserved = await Promise.all([
    reserveLoginAttempt(deps.db.sql, keys[0], now, { ...account, backoff }),
    reserveLoginAttempt(deps.db.sql, keys[1], now, { ...ip, backoff }),
  ]);
  if (reserved[0] && reserved[1]) return null;
  await Promise.all(keys.filter((_, i) => reserved[i]).map((key) => releaseLoginAttempt(deps.db.sql, key)));
  const counters = await readLoginFailures(deps.db.sql, keys);
  const state = lockoutState(
    { account: reserved[0] ? null : counters.get(keys[0]), ip: reserved[1] ? null : counters.get(keys[1]) },
    now,
    deps.policy.lockout,
  );
  if (!state.ok) return state;
  // The lock ended (or a success cleared it) between the upsert and the read: still refused, retry at once.
  const code = reserved[0] ? 'ip_locked' : 'account_locked';
  return { ...fail(code, 'too many failed login attempts, try again later'), retryAfterSeconds: 1 };
}

/** Replaces a hash made with other parameters, unless the password changed meanwhile. */
async function rehashIfNeeded(deps: GrantDeps, found: Authenticated, password: string) {
  const stored = found.row.passwordHash;
  if (!stored || !needsRehash(stored, deps.policy.passwordHash)) return;
  const passwordHash = await deps.limitHashing(() => hashPassword(password, deps.policy.passwordHash));
  const where = { id: found.row.id, passwordHash: stored };
  if (found.kind === 'agent') await deps.db.prisma.agent.updateMany({ where, data: { passwordHash } });
  else await deps.db.prisma.customer.updateMany({ where, data: { passwordHash } });
}

/**
 * Username and password against a directory, with every mitigation RFC 9700
 * leaves for the password grant: lockout per account name and per IP that
 * holds across nodes (reserved before any password work), one argon2 verify
 * whatever the outcome, and one answer for every credential failure. The
 * password grant and the sign-in page both log in through here.
 */
export async function authenticate(
  deps: GrantDeps,
  ctx: { ip: string },
  input: { directory: Directory; username: string; password: string },
): Promise<Success<Authenticated> | LoginRefusal> {
  const now = deps.clock();
  const email = input.username.trim().toLowerCase();
  const keys: [string, string] = [accountCounterKey(input.directory, email), ipCounterKey(ctx.ip)];
  const refusal = await reserve(deps, keys, now);
  if (refusal) return refusal;

  const row = PLAUSIBLE_EMAIL.test(email) ? await findLoginCandidate(deps.db.sql, input.directory, email) : null;
  const found: Authenticated | null = row ? { kind: input.directory, row } : null;
  const hash = row?.passwordHash ?? (await deps.dummyPasswordHash);
  const passwordOk = await deps.limitHashing(() => verifyPassword(hash, input.password));
  const allowed = found && passwordOk ? canLogIn(subjectOf(found)) : null;

  // A failure stays counted: the reservation was it.
  if (!found || !passwordOk || !allowed || (!allowed.ok && allowed.code !== 'customer_email_unverified')) {
    return fail('invalid_credentials', INVALID_CREDENTIALS);
  }
  // Only someone who knows the password learns that the address is unverified; it is no failure.
  if (!allowed.ok) {
    await Promise.all(keys.map((key) => releaseLoginAttempt(deps.db.sql, key)));
    return allowed;
  }

  await Promise.all([
    clearLoginFailures(deps.db.prisma, keys[0]),
    releaseLoginAttempt(deps.db.sql, keys[1]),
    rehashIfNeeded(deps, found, input.password),
  ]);
  return ok(found);
}
