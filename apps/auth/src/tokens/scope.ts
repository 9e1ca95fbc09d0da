import { isStaffRole, permittedScopes, type ScopeHolder } from '@latchkey/core';
import { oauthError } from '../oauth/errors.js';

/** A space-delimited scope (RFC 6749 §3.3) as its scopes. */
export const scopeList = (scope: string | undefined): string[] => (scope ?? '').split(' ').filter(Boolean);

/**
 * The scope to grant: what was asked for, if the client may have all of it,
 * or everything the client may have when nothing was asked for (RFC 6749 §3.3).
 */
export function grantedScope(requested: string | undefined, allowed: readonly string[]): string {
  const asked = scopeList(requested);
  if (asked.length === 0) return allowed.join(' ');
  const missing = asked.filter((scope) => !allowed.includes(scope));
  if (missing.length > 0)
    throw oauthError('scope_not_allowed', 'requested scope is not allowed for this client', { scope: missing.join(' ') });
  return [...new Set(asked)].join(' ');
}

/** On refresh the scope may only narrow (RFC 6749 §6). */
export function narrowedScope(requested: string | undefined, granted: string): string {
  return requested ? grantedScope(requested, scopeList(granted)) : granted;
}

/**
 * The scope a token may carry for the subject its claims name (core's
 * permittedScopes): admin scopes only for a staff member whose roles, read
 * with the claims, allow them; never for a customer or anonymous session;
 * an anonymous session only the policy's anonymous scopes, by every path
 * (token exchange, the browser's code flow, refresh).
 */
export function subjectScope(scope: string, claims: { sub_type: string; roles?: unknown }, anonymousScopes: readonly string[]): string {
  const roles = Array.isArray(claims.roles) ? claims.roles.filter(isStaffRole) : [];
  const holder: ScopeHolder =
    claims.sub_type === 'agent'
      ? { kind: 'agent', roles }
      : claims.sub_type === 'anonymous'
        ? { kind: 'anonymous', anonymousScopes }
        : { kind: 'customer' };
  return permittedScopes(scopeList(scope), holder).join(' ');
}
