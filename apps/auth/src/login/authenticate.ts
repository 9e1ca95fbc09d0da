import { canLogIn, type LoginSubject, lockoutState, needsRehash } from '@latchkey/core';
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
import { oauthError, refusal } from '../oauth/errors.js';

export type Directory = 'customer' | 'agent';
export type Authenticated = { kind: Directory; row: LoginCandidate };

/** The one answer for unknown user, wrong password and disabled account. */
const INVALID_CREDENTIALS = 'invalid username or password';

// Control characters (a NUL above all) can be in no stored address, and PostgreSQL refuses them in text.
const PLAUSIBLE_EMAIL = /^[^\u0000-\u001f\u007f]{1,320}$/;

const subjectOf = ({ kind, row }: Authenticated): LoginSubject =>
  kind === 'agent'
    ? { kind: 'agent', agent: { id: row.id, status: row.status, canImpersonate: row.canImpersonate } }
    : { kind: 'customer', customer: { id: row.id, reference: row.reference, status: row.status, emailVerified: row.emailVerified } };

/** Refuses a locked account name or IP; answers whether the account has failures to clear on success. */
async function refuseIfLocked(
  deps: GrantDeps,
  ctx: { set(name: string, value: string): void },
  keys: [string, string],
  now: Date,
): Promise<boolean> {
  const counters = await readLoginFailures(deps.db.sql, keys);
  const state = lockoutState({ account: counters.get(keys[0]), ip: counters.get(keys[1]) }, now, deps.policy.lockout);
  if (!state.ok) {
    ctx.set('Retry-After', String(state.retryAfterSeconds));
    throw refusal(state);
  }
  return counters.has(keys[0]);
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
 * whatever the outcome, and one answer for every credential failure.
 */
export async function authenticate(
  deps: GrantDeps,
  ctx: { ip: string; set(name: string, value: string): void },
  input: { directory: Directory; username: string; password: string },
): Promise<Authenticated> {
  const now = deps.clock();
  const email = input.username.trim().toLowerCase();
  const keys: [string, string] = [accountCounterKey(input.directory, email), ipCounterKey(ctx.ip)];
  const accountHasFailures = await refuseIfLocked(deps, ctx, keys, now);

  const row = PLAUSIBLE_EMAIL.test(email) ? await findLoginCandidate(deps.db.sql, input.directory, email) : null;
  const found: Authenticated | null = row ? { kind: input.directory, row } : null;
  const hash = row?.passwordHash ?? (await deps.dummyPasswordHash);
  const passwordOk = await deps.limitHashing(() => verifyPassword(hash, input.password));
  const allowed = found && passwordOk ? canLogIn(subjectOf(found)) : null;

  if (!found || !passwordOk || !allowed || (!allowed.ok && allowed.code !== 'customer_email_unverified')) {
    await countFailure(deps, keys, now);
    throw oauthError('invalid_credentials', INVALID_CREDENTIALS);
  }
  // Only someone who knows the password learns that the address is unverified.
  if (!allowed.ok) throw refusal(allowed);

  await Promise.all([
    accountHasFailures ? clearLoginFailures(deps.db.prisma, keys[0]) : undefined,
    rehashIfNeeded(deps, found, input.password),
  ]);
  return found;
}
