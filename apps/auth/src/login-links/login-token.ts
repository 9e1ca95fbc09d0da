import { checkLoginToken, fail, type LoginTokenFacts } from '@latchkey/core';
import type { LoginTokenFactsRow } from '@latchkey/db';
import type { AuthDeps } from '../deps.js';
import { customerClaimsFrom, withLock } from '../subjects/claims.js';
import type { Redeemed, Refused } from './result.js';

type Row = LoginTokenFactsRow;

const facts = (row: Row): LoginTokenFacts => ({
  clientId: row.clientId,
  revokedAt: row.revokedAt,
  notBefore: row.notBefore,
  expiresAt: row.expiresAt,
  oneTimeUse: row.oneTimeUse,
  successfulAttempts: row.successfulAttempts,
  requestIp: row.requestIp,
  customer: row.customer,
  companyUser: row.companyUser,
});

/** The session a redeemed token opens, from the facts read with it (no second read). */
function sessionOf(row: Row): Pick<Redeemed, 'session' | 'claims'> | Refused {
  if (!row.customerId) return { session: { subject: 'anonymous', loginTokenId: row.id }, claims: { sub_type: 'anonymous' } };
  const claims = row.facts ? customerClaimsFrom(row.facts, null) : null;
  if (!claims) return fail('customer_disabled', 'customer is disabled');
  if (!claims.ok) return claims;
  const locked = row.lockCompanyUser ? { companyUserLocked: true } : {};
  return {
    session: { subject: 'customer', customerId: row.customerId, companyUserId: row.facts!.companyUser?.id ?? null, ...locked },
    claims: withLock(claims.value, row.lockCompanyUser),
  };
}

/**
 * Redeems an opaque login token (the back office's Login Tokens). A known
 * token that may not be used now counts a failed attempt; an unknown one
 * counts nothing. One-time use is decided by one conditional write, so of
 * concurrent redemptions exactly one wins and the rest count as failures.
 * The statement that reads the token makes that write when the token may
 * be redeemed as read (a redemption in one round trip); otherwise it is
 * made here, after policy ruled on the facts.
 */
export async function redeemLoginToken(
  deps: AuthDeps,
  value: string,
  context: { clientId?: string; ip: string },
): Promise<Redeemed | Refused> {
  const now = deps.clock();
  const row =
    value.length <= 512 ? await deps.loginTokens.redeem(value, { clientId: context.clientId ?? null, ip: context.ip, now }) : null;
  if (!row) return fail('login_token_invalid', 'login token is invalid');
  // Policy rules on the token as read, before the statement's write (which re-checks the same facts): a write it made
  // stands for a token policy allows.
  const decision = checkLoginToken(facts(row), { now, ip: context.ip, clientId: context.clientId ?? row.clientId });
  if (!decision.ok) {
    await deps.loginTokens.recordFailure(row.id, now);
    return decision;
  }
  if (!row.redeemed && !(await deps.loginTokens.recordSuccess(row.id, now))) {
    await deps.loginTokens.recordFailure(row.id, now);
    return fail('login_token_used_up', 'login token was already used');
  }
  const started = sessionOf(row);
  if ('ok' in started) return started;
  return { ok: true, ...started, clientId: row.clientId, redirectTo: null, loginTokenId: row.id };
}
