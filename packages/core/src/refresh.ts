import type { ClientTokenPolicy } from './client-policy.js';
import { type Decision, fail, ok } from './decision.js';
import type { Policy } from './policy.js';

const addSeconds = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);

/** A refresh token minted now lives for the idle TTL, never past the session's absolute cap. */
export function refreshTokenExpiry(sessionStartedAt: Date, now: Date, policy: ClientTokenPolicy): Date {
  const idle = addSeconds(now, policy.refreshTokenIdleTtlSeconds);
  const absolute = addSeconds(sessionStartedAt, policy.refreshTokenAbsoluteTtlSeconds);
  // biome-ignore lint/complexity/useMathMinMax: Math.min would turn the Dates into numbers
  return idle < absolute ? idle : absolute;
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
