import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../../deps.js';
import { redeemLoginToken } from '../../login-links/login-token.js';
import type { Redeemed, Refused } from '../../login-links/result.js';
import { redeemSignedLogin } from '../../login-links/signed-login.js';
import { oauthError, refusal } from '../../oauth/errors.js';
import { startCustomerSession } from '../../subjects/customer-session.js';
import { isUuid } from '../../subjects/ids.js';
import { requireClient, requireParam } from '../params.js';
import { auditImpersonation, resolveActor } from './actor.js';
import { respondWithSession } from './respond.js';
import { switchCompanyUser } from './switch-company-user.js';

export const grantType = TOKEN_EXCHANGE_GRANT;
export const parameters = [
  'subject_token',
  'subject_token_type',
  'actor_token',
  'actor_token_type',
  'requested_token_type',
  'audience',
  'resource',
  'scope',
  'company_user_id',
];

const SUBJECT_TYPES = new Set<string>([TokenType.accessToken, TokenType.loginToken, TokenType.jwt, TokenType.customerId]);

/** RFC 8693 §2.1 checks that come before any token is looked at. */
function checkRequest(ctx: KoaContextWithOIDC, audience: string): void {
  const params = ctx.oidc.params as Record<string, string | undefined>;
  requireParam(ctx, 'subject_token', 4096);
  const subjectType = requireParam(ctx, 'subject_token_type', 200);
  if (!SUBJECT_TYPES.has(subjectType)) throw oauthError('token_type_unsupported', `unsupported subject_token_type ${subjectType}`);
  if (params.actor_token && !params.actor_token_type)
    throw oauthError('parameter_missing', "missing required parameter 'actor_token_type'");
  if (!params.actor_token && params.actor_token_type) throw oauthError('parameter_missing', "actor_token_type given without 'actor_token'");
  if (params.requested_token_type && params.requested_token_type !== TokenType.accessToken) {
    throw oauthError('token_type_unsupported', `unsupported requested_token_type ${params.requested_token_type}`);
  }
  for (const target of [params.audience, params.resource]) {
    if (target !== undefined && target !== audience) throw oauthError('target_unknown', `unknown target ${target}`);
  }
}

const orRefuse = (result: Redeemed | Refused): Redeemed => {
  if (!result.ok) throw refusal(result);
  return result;
};

/**
 * OAuth 2.0 Token Exchange (RFC 8693), one grant for four jobs: a customer
 * switching company user (access token), login tokens and signed login
 * links (Latchkey login token, JWT), and an agent acting for a customer
 * (actor_token with a login token or a customer id).
 */
export function buildHandler(deps: AuthDeps) {
  return async function tokenExchangeGrant(ctx: KoaContextWithOIDC): Promise<void> {
    checkRequest(ctx, deps.audience);
    const params = ctx.oidc.params as Record<string, string>;
    const record = await requireClient(deps, ctx);
    const subjectToken = params.subject_token!;
    const context = { clientId: record.id, ip: ctx.ip };

    switch (params.subject_token_type) {
      case TokenType.accessToken:
        if (params.actor_token) throw oauthError('actor_not_allowed', 'an access token subject cannot have an actor');
        return switchCompanyUser(ctx, deps, record, subjectToken);
      case TokenType.jwt: {
        if (params.actor_token) throw oauthError('actor_not_allowed', 'a signed login token cannot have an actor');
        const redeemed = orRefuse(await redeemSignedLogin(deps, subjectToken, context));
        return respondWithSession(ctx, deps, record, redeemed.session, { claims: redeemed.claims });
      }
      case TokenType.loginToken: {
        if (!params.actor_token) {
          const redeemed = orRefuse(await redeemLoginToken(deps, subjectToken, context));
          return respondWithSession(ctx, deps, record, redeemed.session, { claims: redeemed.claims });
        }
        // An agent with a login token for the customer: the agent is checked before the token is spent.
        const preview = await deps.loginTokens.find(subjectToken);
        if (!preview?.customerId) throw oauthError('login_token_invalid', 'login token is invalid');
        const act = await resolveActor(deps, ctx, preview.customerId);
        const redeemed = orRefuse(await redeemLoginToken(deps, subjectToken, context));
        if (redeemed.session.subject !== 'customer') throw oauthError('login_token_invalid', 'login token is invalid');
        await auditImpersonation(deps, ctx, act, redeemed.session.customerId, { via: 'login_token', loginTokenId: redeemed.loginTokenId });
        return respondWithSession(ctx, deps, record, { ...redeemed.session, act });
      }
      case TokenType.customerId: {
        if (!params.actor_token) throw oauthError('actor_required', 'a customer id subject needs an actor_token');
        if (!isUuid(subjectToken)) throw oauthError('customer_not_found', 'customer not found');
        const act = await resolveActor(deps, ctx, subjectToken);
        const started = await startCustomerSession(deps.facts, subjectToken, params.company_user_id);
        if (!started.ok) throw refusal(started);
        const { session } = started.value;
        await auditImpersonation(deps, ctx, act, subjectToken, { via: 'customer_id', companyUserId: session.companyUserId });
        return respondWithSession(ctx, deps, record, { ...session, act });
      }
    }
  };
}
