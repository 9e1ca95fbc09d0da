import { canLogIn, type Failure, fail, type LoginSubject, lockoutState, needsRehash, ok, type Success } from '@latchkey/core';
import {
  accountCounterKey,
  clearLoginFailures,
  findLoginCandidate,
  hashPassword,
  ipCounterKey,
  type LoginCandidate,
  readLoginFailures,
  recordLoginFailure,
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

/** A lockout of the account name or IP, if any, and whether the account has failures to clear on success. */
async function lockout(
  deps: GrantDeps,
  keys: [string, string],
  now: Date,
): Promise<{ refusal: LoginRefusal | null; accountHasFailures: boolean }> {
  const counters = await readLoginFailures(deps.db.sql, keys);
  const state = lockoutState({ account: counters.get(keys[0]), ip: counters.get(keys[1]) }, now, deps.policy.lockout);
  return { refusal: state.ok ? null : state, accountHasFailures: counters.has(keys[0]) };
}

async function countFailure(deps: GrantDeps, keys: [string, string], now: Date) {
  const { account, ip } = deps.policy.lockout;
  await Promise.all([
    recordLoginFailure(deps.db.prisma, keys[0], now, account.windowSeconds),
    recordLoginFailure(deps.db.prisma, keys[1], now, ip.windowSeconds),
  ]);
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
 * holds across nodes (checked before any password work), one argon2 verify
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
  const { refusal, accountHasFailures } = await lockout(deps, keys, now);
  if (refusal) return refusal;

  const row = PLAUSIBLE_EMAIL.test(email) ? await findLoginCandidate(deps.db.sql, input.directory, email) : null;
  const found: Authenticated | null = row ? { kind: input.directory, row } : null;
  const hash = row?.passwordHash ?? (await deps.dummyPasswordHash);
  const passwordOk = await deps.limitHashing(() => verifyPassword(hash, input.password));
  const allowed = found && passwordOk ? canLogIn(subjectOf(found)) : null;

  if (!found || !passwordOk || !allowed || (!allowed.ok && allowed.code !== 'customer_email_unverified')) {
    await countFailure(deps, keys, now);
    return fail('invalid_credentials', INVALID_CREDENTIALS);
  }
  // Only someone who knows the password learns that the address is unverified.
  if (!allowed.ok) return allowed;

  await Promise.all([
    accountHasFailures ? clearLoginFailures(deps.db.prisma, keys[0]) : undefined,
    rehashIfNeeded(deps, found, input.password),
  ]);
  return ok(found);
}
