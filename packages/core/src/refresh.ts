import type { ClientTokenPolicy } from './client-policy.js';
import { type Decision, fail, ok } from './decision.js';
import type { Policy } from './policy.js';

const addSeconds = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);

/**
 * refreshTokenExpiry's two bounds apart, for a statement that reads the
 * session's start itself (a refresh in one round trip): the token expires at
 * `idleUntil` or at the session's start plus `absoluteTtlSeconds`, whichever
 * comes first.
 */
export function refreshTokenBounds(now: Date, policy: ClientTokenPolicy): { idleUntil: Date; absoluteTtlSeconds: number } {
  return { idleUntil: addSeconds(now, policy.refreshTokenIdleTtlSeconds), absoluteTtlSeconds: policy.refreshTokenAbsoluteTtlSeconds };
}

/** A refresh token minted now lives for the idle TTL, never past the session's absolute cap. */
export function refreshTokenExpiry(sessionStartedAt: Date, now: Date, policy: ClientTokenPolicy): Date {
  const { idleUntil, absoluteTtlSeconds } = refreshTokenBounds(now, policy);
  const absolute = addSeconds(sessionStartedAt, absoluteTtlSeconds);
  // biome-ignore lint/complexity/useMathMinMax: Math.min would turn the Dates into numbers
  return idleUntil < absolute ? idleUntil : absolute;
}

/** Impersonation sessions are shorter, and may be barred from refreshing at all. */
export function impersonationTokenPolicy(policy: Policy, client: ClientTokenPolicy): ClientTokenPolicy & { allowRefresh: boolean } {
  const cap = policy.impersonation.sessionTtlSeconds;
  return {
    ...client,
    accessTokenTtlSeconds: Math.min(client.accessTokenTtlSeconds, policy.impersonation.accessTokenTtlSeconds),
    refreshTokenIdleTtlSeconds: Math.min(client.refreshTokenIdleTtlSeconds, cap),
    refreshTokenAbsoluteTtlSeconds: Math.min(client.refreshTokenAbsoluteTtlSeconds, cap),
    allowRefresh: policy.impersonation.allowRefresh,
  };
}

export type ConsumedRefreshToken = {
  consumedAt: Date;
  /** State of the token that replaced it, if the rotation got that far. */
  successor: 'unused' | 'used' | 'missing';
};

/**
 * A consumed refresh token presented again is either a client that lost the
 * response (inside the grace window, its successor still unused: hand the
 * same successor back) or a stolen token being replayed (revoke the family).
 */
export function decideRefreshReuse(token: ConsumedRefreshToken, now: Date, graceSeconds: number): Decision<'reissue_successor'> {
  const withinGrace = graceSeconds > 0 && now.getTime() - token.consumedAt.getTime() <= graceSeconds * 1000;
  if (withinGrace && token.successor === 'unused') return ok('reissue_successor');
  return fail('refresh_reuse_detected', 'refresh token was already used');
}
