import { describe, expect, it } from 'vitest';
import { defaultPolicy, parsePolicy, policySchema, tokenPolicyFor } from '../src/index.js';

describe('policy schema', () => {
  it('fills every default', () => {
    expect(defaultPolicy.accessToken.ttlSeconds).toBe(900);
    expect(defaultPolicy.refreshToken).toEqual({
      idleTtlSeconds: 14 * 86400,
      absoluteTtlSeconds: 90 * 86400,
      reuseGraceSeconds: 5,
    });
    expect(defaultPolicy.impersonation).toEqual({ accessTokenTtlSeconds: 300, allowRefresh: false, sessionTtlSeconds: 3600 });
    expect(defaultPolicy.loginToken.defaultOneTimeUse).toBe(true);
    expect(defaultPolicy.loginToken.browserSessionTtlSeconds).toBe(3600);
    expect(defaultPolicy.signedLogin.iatWindowSeconds).toBe(30);
    expect(defaultPolicy.lockout.account.maxFailures).toBe(5);
    expect(defaultPolicy.passwordHash).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
  });

  it('keeps defaults beside a partial override', () => {
    const policy = parsePolicy({ refreshToken: { reuseGraceSeconds: 0 } });
    expect(policy.refreshToken.reuseGraceSeconds).toBe(0);
    expect(policy.refreshToken.idleTtlSeconds).toBe(14 * 86400);
  });

  it('refuses unknown keys, bad numbers and an idle TTL above the absolute one', () => {
    expect(policySchema.safeParse({ accessToken: { ttl: 5 } }).success).toBe(false);
    expect(policySchema.safeParse({ accessToken: { ttlSeconds: -1 } }).success).toBe(false);
    const inverted = policySchema.safeParse({ refreshToken: { idleTtlSeconds: 100, absoluteTtlSeconds: 50 } });
    expect(inverted.success).toBe(false);
    expect(inverted.error?.issues[0]?.path).toEqual(['refreshToken', 'idleTtlSeconds']);
  });
});

describe('tokenPolicyFor', () => {
  it('takes the global policy for an unknown client', () => {
    expect(tokenPolicyFor(defaultPolicy, 'spa')).toEqual({
      accessTokenTtlSeconds: 900,
      refreshTokenIdleTtlSeconds: 14 * 86400,
      refreshTokenAbsoluteTtlSeconds: 90 * 86400,
      refreshReuseGraceSeconds: 5,
    });
  });

  it('lets the stored client override beat the policy file, which beats the default', () => {
    const policy = parsePolicy({ clients: { spa: { accessTokenTtlSeconds: 60, refreshReuseGraceSeconds: 2 } } });
    const effective = tokenPolicyFor(policy, 'spa', { accessTokenTtlSeconds: 30 });
    expect(effective.accessTokenTtlSeconds).toBe(30);
    expect(effective.refreshReuseGraceSeconds).toBe(2);
  });

  it('clamps an idle TTL above the absolute cap', () => {
    const effective = tokenPolicyFor(defaultPolicy, 'spa', { refreshTokenAbsoluteTtlSeconds: 3600 });
    expect(effective.refreshTokenIdleTtlSeconds).toBe(3600);
  });
});
