import type { BenchContext } from '../context.js';
import { CLIENTS } from '../seed/plan.js';
import { checkedRequest, formPost, type LatchkeyTarget, latchkeyMeta, pooledRunner } from './latchkey-run.js';
import type { Runner } from './runner.js';

const body = (token: string) => `grant_type=refresh_token&client_id=${CLIENTS.storefront}&refresh_token=${encodeURIComponent(token)}`;

/** Refresh with rotation: every request rotates a different, unused refresh token of its own grant. */
export function refreshRunner(ctx: BenchContext, target: LatchkeyTarget, tokens: string[]): Runner {
  return pooledRunner(ctx, target, {
    meta: latchkeyMeta(target, 'refresh', 'refresh (rotation, ES256 JWT)'),
    items: tokens,
    check: (token) =>
      checkedRequest(
        'refresh',
        `${target.deployment.authUrl}/token`,
        formPost({ grant_type: 'refresh_token', client_id: CLIENTS.storefront, refresh_token: token }),
        (b) => typeof b.access_token === 'string' && typeof b.refresh_token === 'string' && b.refresh_token !== token,
      ),
    request: (take) => ({ method: 'POST', path: '/token', build: () => ({ body: body(take()) }) }),
  });
}
