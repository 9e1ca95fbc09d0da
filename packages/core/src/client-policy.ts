import type { ClientOverrides, Policy } from './policy.js';

/** The token lifetimes that apply to one client, after every override. */
export type ClientTokenPolicy = {
  accessTokenTtlSeconds: number;
  refreshTokenIdleTtlSeconds: number;
  refreshTokenAbsoluteTtlSeconds: number;
  refreshReuseGraceSeconds: number;
};

/**
 * Global policy, then the policy file's entry for the client, then the
 * client's own stored overrides: the most specific wins. An idle TTL longer
 * than the absolute one is clamped, so a session never outlives its cap.
 */
export function tokenPolicyFor(policy: Policy, clientId: string, stored: ClientOverrides = {}): ClientTokenPolicy {
  const configured = policy.clients[clientId] ?? {};
  const pick = <K extends keyof ClientOverrides>(key: K, fallback: number): number => stored[key] ?? configured[key] ?? fallback;
  const absolute = pick('refreshTokenAbsoluteTtlSeconds', policy.refreshToken.absoluteTtlSeconds);
  return {
    accessTokenTtlSeconds: pick('accessTokenTtlSeconds', policy.accessToken.ttlSeconds),
    refreshTokenIdleTtlSeconds: Math.min(pick('refreshTokenIdleTtlSeconds', policy.refreshToken.idleTtlSeconds), absolute),
    refreshTokenAbsoluteTtlSeconds: absolute,
    refreshReuseGraceSeconds: pick('refreshReuseGraceSeconds', policy.refreshToken.reuseGraceSeconds),
  };
}
