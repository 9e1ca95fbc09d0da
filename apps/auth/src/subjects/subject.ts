import type { ActClaim } from '@latchkey/core';
import type { StoredSubject } from '@latchkey/db';

/**
 * Who a grant speaks for. Stored with each refresh token (its shape is
 * @latchkey/db's, whose SQL reads it), so a refresh can re-read the subject
 * and rebuild its claims from the database.
 */
export type Subject = StoredSubject;

const ANONYMOUS = 'anon:';

/** oidc-provider's accountId, which becomes the access token's `sub`. */
export function accountIdOf(session: Subject): string {
  switch (session.subject) {
    case 'customer':
      return session.customerId;
    case 'agent':
      return session.agentId;
    case 'anonymous':
      return `${ANONYMOUS}${session.loginTokenId}`;
  }
}

export const isAnonymousAccount = (accountId: string): boolean => accountId.startsWith(ANONYMOUS);
export const loginTokenIdOf = (accountId: string): string => accountId.slice(ANONYMOUS.length);

/** The session oidc-provider's own flows imply for an account, when nothing more was stored. */
export function subjectForAccount(accountId: string, directory: 'customer' | 'agent'): Subject {
  if (isAnonymousAccount(accountId)) return { subject: 'anonymous', loginTokenId: loginTokenIdOf(accountId) };
  return directory === 'agent'
    ? { subject: 'agent', agentId: accountId }
    : { subject: 'customer', customerId: accountId, companyUserId: null };
}

/** Reads a session back from a stored refresh token payload; null if it is not one of ours. */
export function parseSubject(value: unknown): Subject | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Record<string, unknown>;
  if (s.subject === 'customer' && typeof s.customerId === 'string') {
    return {
      subject: 'customer',
      customerId: s.customerId,
      companyUserId: typeof s.companyUserId === 'string' ? s.companyUserId : null,
      act: s.act && typeof s.act === 'object' ? (s.act as ActClaim) : null,
      ...(s.companyUserLocked === true ? { companyUserLocked: true } : {}),
    };
  }
  if (s.subject === 'agent' && typeof s.agentId === 'string') return { subject: 'agent', agentId: s.agentId };
  if (s.subject === 'anonymous' && typeof s.loginTokenId === 'string') return { subject: 'anonymous', loginTokenId: s.loginTokenId };
  return null;
}
