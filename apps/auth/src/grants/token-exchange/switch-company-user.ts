import { canLeaveCompanyUser } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../../deps.js';
import { oauthError, refusal } from '../../oauth/errors.js';
import type { ClientRecord } from '../../provider/clients.js';
import { withLock } from '../../subjects/claims.js';
import { startCustomerSession } from '../../subjects/customer-session.js';
import { requireParam } from '../params.js';
import { respondWithSession } from './respond.js';

const INVALID_SUBJECT = 'subject token is invalid, expired or revoked';

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
  const started = await startCustomerSession(deps.facts, claims.sub, companyUserId, { grantId: claims.sid, now: deps.clock() });
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
