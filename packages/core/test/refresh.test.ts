import { describe, expect, it } from 'vitest';
import {
  decideRefreshReuse,
  defaultPolicy,
  impersonationTokenPolicy,
  parsePolicy,
  refreshTokenExpiry,
  tokenPolicyFor,
} from '../src/index.js';
import { at, NOW } from './fixtures.js';

const client = tokenPolicyFor(defaultPolicy, 'spa');

describe('refreshTokenExpiry', () => {
  it('gives the idle TTL while the session is young', () => {
    expect(refreshTokenExpiry(NOW, NOW, client)).toEqual(at(14 * 86400));
  });

  it('never passes the absolute cap of the session', () => {
    const started = at(-89 * 86400);
    expect(refreshTokenExpiry(started, NOW, client)).toEqual(at(86400));
  });
});

describe('impersonationTokenPolicy', () => {
  it('shortens every lifetime and carries whether refresh is allowed', () => {
    const p = impersonationTokenPolicy(parsePolicy({ impersonation: { allowRefresh: true } }), client);
    expect(p).toMatchObject({
      accessTokenTtlSeconds: 300,
      refreshTokenIdleTtlSeconds: 3600,
      refreshTokenAbsoluteTtlSeconds: 3600,
      allowRefresh: true,
    });
  });

  it('keeps a client lifetime that is already shorter', () => {
    const short = { ...client, accessTokenTtlSeconds: 60 };
    expect(impersonationTokenPolicy(defaultPolicy, short).accessTokenTtlSeconds).toBe(60);
  });
});

describe('decideRefreshReuse', () => {
  it('hands back the unused successor inside the grace window', () => {
    expect(decideRefreshReuse({ consumedAt: at(-5), successor: 'unused' }, NOW, 5)).toEqual({ ok: true, value: 'reissue_successor' });
  });

  it('revokes after the window', () => {
    expect(decideRefreshReuse({ consumedAt: at(-6), successor: 'unused' }, NOW, 5)).toMatchObject({
      ok: false,
      code: 'refresh_reuse_detected',
    });
  });

  it('revokes when the successor was already used or never stored', () => {
    expect(decideRefreshReuse({ consumedAt: NOW, successor: 'used' }, NOW, 5).ok).toBe(false);
    expect(decideRefreshReuse({ consumedAt: NOW, successor: 'missing' }, NOW, 5).ok).toBe(false);
  });

  it('revokes every replay when the window is zero', () => {
    expect(decideRefreshReuse({ consumedAt: at(-1), successor: 'unused' }, NOW, 0).ok).toBe(false);
    expect(decideRefreshReuse({ consumedAt: NOW, successor: 'unused' }, NOW, 0).ok).toBe(false);
  });
});
