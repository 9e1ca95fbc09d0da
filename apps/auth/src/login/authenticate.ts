import { canLogIn, type Failure, fail, type LoginSubject, lockoutState, needsRehash, ok, type Success } from '@latchkey/core';
import {
  accountCounterKey,
  type CustomerWithCompanyUser,
  hashPassword,
  ipCounterKey,
  type LoginBegun,
  type LoginCandidate,
  readLoginFailures,
  releaseLoginAttempt,
  type SessionCompanyUser,
  verifyPassword,
} from '@latchkey/db';
import type { AuthDeps } from '../deps.js';

export type Directory = 'customer' | 'agent';
/**
 * Who logged in: their directory and their row in it; with `session` asked
 * for, the customer's facts for it as read after the password (null: gone).
 */
export type Authenticated = { directory: Directory; row: LoginCandidate; facts?: CustomerWithCompanyUser | null };
/** A refusal; a lockout says when to try again (the password grant's Retry-After, the sign-in page's message). */
export type LoginRefusal = Failure & { retryAfterSeconds?: number };

/** The one answer for unknown user, wrong password and disabled account. */
const INVALID_CREDENTIALS = 'invalid username or password';

// Control characters (a NUL above all) can be in no stored address, and PostgreSQL refuses them in text.
const PLAUSIBLE_EMAIL = /^[^\u0000-\u001f\u007f]{1,320}$/;

const subjectOf = ({ directory, row }: Authenticated): LoginSubject =>
  directory === 'agent'
    ? { kind: 'agent', agent: { id: row.id, status: row.status, roles: row.roles } }
    : { kind: 'customer', customer: { id: row.id, reference: row.reference, status: row.status, emailVerified: row.emailVerified } };

type CounterKeys = { account: string; ip: string };

/** A lock's answer, from its counter as it stands (for Retry-After). */
async function lockRefusal(deps: AuthDeps, keys: CounterKeys, which: 'account' | 'ip', now: Date): Promise<LoginRefusal> {
  const counters = await readLoginFailures(deps.db.sql, [keys[which]]);
  const state = lockoutState({ [which]: counters.get(keys[which]) }, now, deps.policy.lockout);
  if (!state.ok) return state;
  // The lock ended (or a success cleared it) between the write and the read: still refused, retry at once.
  return { ...fail(`${which}_locked`, 'too many failed login attempts, try again later'), retryAfterSeconds: 1 };
}

/**
 * Before any password work: the attempt is reserved on the IP with one
 * conditional upsert, so a burst from one address gets at most the IP
 * rule's limit verified, and a locked account is refused at once (no argon2
 * for it). The account holds nothing while the password is verified: its
 * count is settled after it (`settle`, in `authenticate`). An attempt that
 * reserved the IP but met the account's lock gives its reservation back.
 */
async function admit(deps: AuthDeps, keys: CounterKeys, begun: LoginBegun, now: Date): Promise<LoginRefusal | null> {
  const account = lockoutState({ account: begun.account }, now, deps.policy.lockout);
  if (begun.ipReserved && account.ok) return null;
  if (begun.ipReserved) await releaseLoginAttempt(deps.db.sql, keys.ip);
  return account.ok ? lockRefusal(deps, keys, 'ip', now) : account;
}

/** Replaces a hash made with other parameters, unless the password changed meanwhile. */
async function rehashIfNeeded(deps: AuthDeps, found: Authenticated, password: string) {
  const stored = found.row.passwordHash;
  if (!stored || !needsRehash(stored, deps.policy.passwordHash)) return;
  const passwordHash = await deps.limitHashing(() => hashPassword(password, deps.policy.passwordHash));
  await deps.logins.replacePasswordHash(found.directory, found.row.id, stored, passwordHash);
}

/**
 * Username and password against a directory, with every mitigation RFC 9700
 * leaves for the password grant: lockout per account name and per IP that
 * holds across nodes and under concurrency (the IP reserved before any
 * password work, the account settled after it), one argon2 verify
 * whatever the outcome, and one answer for every credential failure. The
 * password grant and the sign-in page both log in through here: one
 * statement before argon2, one after it (packages/db login-attempts.ts),
 * which with `session` also reads the customer's facts for the session.
 */
export async function authenticate(
  deps: AuthDeps,
  ctx: { ip: string },
  input: { directory: Directory; username: string; password: string; session?: SessionCompanyUser | undefined },
): Promise<Success<Authenticated> | LoginRefusal> {
  const now = deps.clock();
  const email = input.username.trim().toLowerCase();
  const keys: CounterKeys = { account: accountCounterKey(input.directory, email), ip: ipCounterKey(ctx.ip) };
  const { ip, account, backoff } = deps.policy.lockout;
  const begun = await deps.logins.begin({
    directory: input.directory,
    email: PLAUSIBLE_EMAIL.test(email) ? email : null,
    ipKey: keys.ip,
    accountKey: keys.account,
    now,
    ipRule: { ...ip, backoff },
  });
  const refusal = await admit(deps, keys, begun, now);
  if (refusal) return refusal;

  const row = begun.candidate;
  const found: Authenticated | null = row ? { directory: input.directory, row } : null;
  const hash = row?.passwordHash ?? (await deps.dummyPasswordHash);
  const passwordOk = await deps.limitHashing(() => verifyPassword(hash, input.password));
  const allowed = found && passwordOk ? canLogIn(subjectOf(found)) : null;
  // Only someone who knows the password learns that the address is unverified; it is no failure.
  const accepted = allowed && (allowed.ok || allowed.code === 'customer_email_unverified') ? allowed : null;

  // The outcome is told only if the account's counter takes it (one conditional write, packages/db
  // settleLoginAttempt): of concurrent wrong guesses at most the rule's limit are told they failed,
  // the rest meet the lock, as the right password would at that moment, by the same statements.
  // The same statement gives the IP's reservation back unless the attempt is a failure the account took.
  const settledAt = deps.clock();
  // Asked for whether or not the name was found, so the statement does not tell.
  const facts = input.session && input.directory === 'customer' ? { customerId: row?.id ?? null, companyUser: input.session } : undefined;
  const settled = await deps.logins.settle({
    accountKey: keys.account,
    ipKey: keys.ip,
    attempt: { begunAt: now, now: settledAt, failed: !accepted },
    rule: { ...account, backoff },
    facts,
  });
  if (!settled.settled) return lockRefusal(deps, keys, 'account', settledAt);
  // A failure stays counted on the IP: its reservation was it.
  if (!found || !accepted) return fail('invalid_credentials', INVALID_CREDENTIALS);
  if (!accepted.ok) return accepted;

  await rehashIfNeeded(deps, found, input.password);
  return ok(facts ? { ...found, facts: settled.facts } : found);
}
