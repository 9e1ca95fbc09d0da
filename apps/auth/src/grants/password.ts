import { type Decision, ok, tokenPolicyFor } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { authenticate } from '../login/authenticate.js';
import { oauthError, refusal } from '../oauth/errors.js';
import { clientOverrides } from '../provider/clients.js';
import { agentClaims, type SubjectClaims } from '../subjects/claims.js';
import { companyUserToRead, customerSessionFrom, startCustomerSession } from '../subjects/customer-session.js';
import type { Subject } from '../subjects/subject.js';
import { issueTokens } from '../tokens/issue.js';
import { grantedScope, subjectScope } from '../tokens/scope.js';
import { issueStorefrontToken, requestedStorefrontToken } from '../tokens/storefront-token.js';
import { requireClient, requireParam } from './params.js';

export const grantType = 'password';
export const parameters = ['username', 'password', 'scope', 'company_user_id'];

/**
 * Resource owner password credentials (RFC 6749 §4.3), for storefront SPAs
 * and the agent console. The client's directory decides who may log in.
 */
export function buildHandler(deps: AuthDeps) {
  return async function passwordGrant(ctx: KoaContextWithOIDC): Promise<void> {
    const username = requireParam(ctx, 'username', 320);
    const password = requireParam(ctx, 'password', 1024);
    const companyUserParam = ctx.oidc.params?.company_user_id as string | undefined;
    const record = await requireClient(deps, ctx);
    const scope = grantedScope(ctx.oidc.params?.scope as string | undefined, record.scopes);
    // The BigCommerce door's storefront token: its window is decided before any password work.
    const storefront = requestedStorefrontToken(ctx.req, deps);
    if (storefront && !storefront.window.ok) throw refusal(storefront.window);

    // A customer's session facts are read with the lockout settlement (one statement after argon2).
    const companyUser = record.subjectType === 'customer' ? companyUserToRead(companyUserParam) : null;
    const authenticated = await authenticate(deps, ctx, {
      directory: record.subjectType,
      username,
      password,
      session: companyUser ?? undefined,
    });
    if (!authenticated.ok) {
      if (authenticated.retryAfterSeconds) ctx.set('Retry-After', String(authenticated.retryAfterSeconds));
      throw refusal(authenticated);
    }
    const person = authenticated.value;
    // authenticate() checked the agent is active; a customer's claims come with the company user, read with it
    // (a company_user_id that can name no row is refused by startCustomerSession without a read).
    const started: Decision<{ session: Subject; claims: SubjectClaims }> =
      person.directory === 'agent'
        ? ok({ session: { subject: 'agent', agentId: person.row.id }, claims: agentClaims(person.row) })
        : person.facts !== undefined
          ? customerSessionFrom(person.facts, person.row.id, companyUserParam)
          : await startCustomerSession(deps.facts, person.row.id, companyUserParam);
    if (!started.ok) throw refusal(started);
    const { session, claims } = started.value;

    if (storefront?.window.ok) {
      // The door serves customer-directory clients only; this is the backstop.
      if (session.subject !== 'customer') throw oauthError('store_not_found', 'storefront tokens are for customers');
      const { name } = storefront.request;
      ctx.body = await issueStorefrontToken(ctx, deps, {
        session,
        claims,
        scope: subjectScope(scope, claims, deps.policy.loginToken.anonymousScopes),
        name,
        window: storefront.window.value,
      });
      return;
    }
    const body = await issueTokens(ctx, deps, {
      session,
      claims,
      scope: subjectScope(scope, claims, deps.policy.loginToken.anonymousScopes),
      gty: grantType,
      policy: tokenPolicyFor(deps.policy, record.id, clientOverrides(record)),
      withRefreshToken: record.grantTypes.includes('refresh_token'),
      sessionStartedAt: deps.clock(),
    });
    ctx.body = session.subject === 'customer' && session.companyUserId ? { ...body, id_company_user: session.companyUserId } : body;
  };
}
