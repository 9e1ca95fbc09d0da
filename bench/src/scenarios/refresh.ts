import type { BenchContext } from '../context.js';
import type { ScenarioName } from '../options.js';
import { CLIENTS } from '../seed/plan.js';
import { checkedRequest, formPost, type LatchkeyTarget, latchkeyMeta, pooledRunner } from './latchkey-run.js';
import type { Runner } from './runner.js';

const body = (token: string) => `grant_type=refresh_token&client_id=${CLIENTS.storefront}&refresh_token=${encodeURIComponent(token)}`;

type RefreshScenario = { scenario: ScenarioName; label: string; notes: string[] };

/** The plain refresh, on the table the other scenarios share. */
export const plainRefresh = (notes: string[]): RefreshScenario => ({ scenario: 'refresh', label: 'refresh (rotation, ES256 JWT)', notes });

/** Refresh with rotation: every request rotates a different, unused refresh token of its own grant. */
export function refreshRunner(
  ctx: BenchContext,
  target: LatchkeyTarget,
  tokens: string[],
  { scenario, label, notes }: RefreshScenario,
): Runner {
  return pooledRunner(ctx, target, {
    meta: { ...latchkeyMeta(target, scenario, label), notes },
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
