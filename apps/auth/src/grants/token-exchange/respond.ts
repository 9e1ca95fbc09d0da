import { anonymousScopes, impersonationTokenPolicy, TOKEN_EXCHANGE_GRANT, TokenType, tokenPolicyFor } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../../deps.js';
import { refusal } from '../../oauth/errors.js';
import { type ClientRecord, clientOverrides } from '../../provider/clients.js';
import { claimsForSession, type SubjectClaims } from '../../subjects/claims.js';
import type { Subject } from '../../subjects/subject.js';
import { type ContinuedGrant, issueTokens } from '../../tokens/issue.js';
import { grantedScope } from '../../tokens/scope.js';

export type SessionOptions = {
  /** Claims already read with the session (otherwise they are read here). */
  claims?: SubjectClaims | undefined;
  /** The scope the session may have at most (a switched session keeps its token's). */
  availableScope?: string | undefined;
  /** The session (grant) a company switch continues, instead of a new one. */
  continues?: ContinuedGrant | undefined;
};

/** The scope an exchange grants (before the subject's own bounds: tokens/scope.ts subjectScope); throws scope_not_allowed. */
export function exchangeScope(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  record: ClientRecord,
  session: Subject,
  availableScope: string | undefined,
): string {
  const requested = ctx.oidc.params?.scope as string | undefined;
  const allowed = availableScope ? availableScope.split(' ').filter((s) => record.scopes.includes(s)) : record.scopes;
  return session.subject === 'anonymous'
    ? anonymousScopes(grantedScope(requested, allowed).split(' ').filter(Boolean), deps.policy.loginToken).join(' ')
    : grantedScope(requested, allowed);
}

/** Whether an exchange for this client issues a refresh token (impersonation's policy may still forbid it). */
export const hasRefreshGrant = (record: ClientRecord): boolean => record.grantTypes.includes('refresh_token');

/**
 * Starts the session an exchange resolved to: impersonation on its shorter
 * policy (and refresh only if policy allows), anonymous sessions on the
 * anonymous scopes only.
 */
export async function respondWithSession(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  record: ClientRecord,
  session: Subject,
  options: SessionOptions = {},
): Promise<void> {
  const claims = options.claims ? { ok: true as const, value: options.claims } : await claimsForSession(deps.facts, session, deps.clock());
  if (!claims.ok) throw refusal(claims);
  const scope = exchangeScope(ctx, deps, record, session, options.availableScope);
  const clientPolicy = tokenPolicyFor(deps.policy, record.id, clientOverrides(record));
  const impersonation = session.subject === 'customer' && session.act ? impersonationTokenPolicy(deps.policy, clientPolicy) : null;
  const body = await issueTokens(ctx, deps, {
    session,
    claims: claims.value,
    scope,
    gty: TOKEN_EXCHANGE_GRANT,
    policy: impersonation ?? clientPolicy,
    withRefreshToken: hasRefreshGrant(record) && (impersonation ? impersonation.allowRefresh : true),
    sessionStartedAt: options.continues?.startedAt ?? deps.clock(),
    continues: options.continues,
  });
  ctx.body = {
    ...body,
    issued_token_type: TokenType.accessToken,
    ...(session.subject === 'customer' && session.companyUserId ? { id_company_user: session.companyUserId } : {}),
  };
}
