import { canLeaveCompanyUser, refreshTokenBounds, TOKEN_EXCHANGE_GRANT, tokenPolicyFor } from '@latchkey/core';
import { type GrantRefreshToken, randomToken } from '@latchkey/db';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../../deps.js';
import { oauthError, refusal } from '../../oauth/errors.js';
import { type ClientRecord, clientOverrides } from '../../provider/clients.js';
import { refreshTokenTemplate } from '../../provider/internals/index.js';
import { withLock } from '../../subjects/claims.js';
import { startCustomerSession } from '../../subjects/customer-session.js';
import { accountIdOf, type Subject } from '../../subjects/subject.js';
import { subjectScope } from '../../tokens/scope.js';
import { requireParam } from '../params.js';
import { exchangeScope, hasRefreshGrant, respondWithSession } from './respond.js';

const INVALID_SUBJECT = 'subject token is invalid, expired or revoked';

/**
 * The refresh token a customer's own switch gets, stored by the statement
 * that reads the facts and the grant (session-facts.ts), as the refresh
 * grant's rotation is: everything but the grant's start and end is known
 * before that read. None when the switch gets none (no refresh_token grant)
 * or its scope is refused, which respondWithSession answers as before.
 */
function refreshTokenToStore(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  record: ClientRecord,
  subject: Extract<Subject, { subject: 'customer' }>,
  grantId: string,
  availableScope: string | undefined,
  now: Date,
): GrantRefreshToken | undefined {
  if (!hasRefreshGrant(record)) return undefined;
  let scope: string;
  try {
    scope = exchangeScope(ctx, deps, record, subject, availableScope);
  } catch {
    return undefined;
  }
  const payload = refreshTokenTemplate({
    clientId: ctx.oidc.client!.clientId,
    accountId: accountIdOf(subject),
    subject,
    grantId,
    gty: TOKEN_EXCHANGE_GRANT,
    scope: subjectScope(scope, { sub_type: 'customer' }, deps.policy.loginToken.anonymousScopes),
    rotations: 0,
    now,
  });
  const policy = tokenPolicyFor(deps.policy, record.id, clientOverrides(record));
  return { value: randomToken(), payload, ...refreshTokenBounds(now, policy) };
}

/**
 * A customer switches into one of their company users: the subject is a
 * Latchkey access token of this client, still valid and not revoked. A
 * switch continues the token's session rather than starting one: the new
 * tokens belong to its grant, keep its start and absolute end, and end with
 * it (logout, revokeSessions, reuse), while the old company user's tokens
 * stay usable beside them (two tabs). It keeps the old scope and, for an
 * impersonated customer, the actor.
 */
export async function switchCompanyUser(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  record: ClientRecord,
  subjectToken: string,
): Promise<void> {
  const companyUserId = requireParam(ctx, 'company_user_id', 64);
  // The token's grant is checked by the statement that reads the session's facts.
  const claims = await deps.verifyAccessToken.withoutGrantCheck(subjectToken).catch(() => {
    throw oauthError('subject_token_invalid', INVALID_SUBJECT);
  });
  if (claims.client_id !== record.id) throw oauthError('subject_token_wrong_client', 'subject token was issued to another client');
  if (claims.sub_type !== 'customer') throw oauthError('subject_not_customer', 'only a customer can switch company user');
  const locked = claims.company_user_locked === true;
  const leave = canLeaveCompanyUser({ companyUserId: claims.id_company_user ?? null, locked }, companyUserId);
  if (!leave.ok) throw refusal(leave);
  // Every Latchkey access token names its session; one that does not has none to continue.
  if (!claims.sid) throw oauthError('subject_token_invalid', INVALID_SUBJECT);
  const now = deps.clock();
  // The session as it will be, with the company user's id as the database spells it (startCustomerSession's).
  const subject = {
    subject: 'customer' as const,
    customerId: claims.sub,
    companyUserId: companyUserId.toLowerCase(),
    ...(locked ? { companyUserLocked: true } : {}),
  };
  const refreshToken = claims.act ? undefined : refreshTokenToStore(ctx, deps, record, subject, claims.sid, claims.scope, now);
  const started = await startCustomerSession(deps.facts, claims.sub, companyUserId, { grantId: claims.sid, now, refreshToken });
  // A session that ended makes its token as good as revoked: the same answer as for any invalid subject token.
  if (!started.ok) throw started.code === 'session_ended' ? oauthError('subject_token_invalid', INVALID_SUBJECT) : refusal(started);
  const { continues } = started.value;
  if (!continues) throw oauthError('subject_token_invalid', INVALID_SUBJECT);
  const session = locked ? { ...started.value.session, companyUserLocked: true } : started.value.session;
  const options = { availableScope: claims.scope, continues };
  // An impersonated customer stays impersonated: its claims are read again with the agent.
  if (claims.act) return respondWithSession(ctx, deps, record, { ...session, act: claims.act }, options);
  return respondWithSession(ctx, deps, record, session, { ...options, claims: withLock(started.value.claims, locked) });
}
