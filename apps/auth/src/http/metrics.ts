import { GRANT_TYPES } from '@latchkey/core';
import type { Metrics } from '@latchkey/runtime';
import type { Middleware } from 'koa';

const KNOWN_GRANTS = new Set<string>(GRANT_TYPES);
const LOCKOUT_RULES: Record<string, string> = { account_locked: 'account', ip_locked: 'ip' };

type OidcState = { oidc?: { client?: { clientId?: string }; params?: { grant_type?: unknown } } };

/**
 * Counts token requests by grant, client and outcome, times them per grant,
 * and counts lockouts, refresh-token reuse, refused login links and the
 * vendors' front doors' answers. A label
 * holds a value only when Latchkey knows it (a registered grant type, a
 * client that authenticated): whatever else a caller sends becomes `other`,
 * so no caller can grow the series or put a secret in one.
 */
export function requestMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    await next();
    if (ctx.method === 'POST' && ctx.path === '/token') {
      const oidc = (ctx as OidcState).oidc;
      const asked = oidc?.params?.grant_type;
      const grant = typeof asked === 'string' && KNOWN_GRANTS.has(asked) ? asked : 'other';
      const body = ctx.body as { latchkey_code?: unknown } | undefined;
      const outcome = typeof body?.latchkey_code === 'string' ? body.latchkey_code : ctx.status < 400 ? 'ok' : 'error';
      metrics.tokenRequests.inc({ grant, client: oidc?.client?.clientId ?? 'other', outcome });
      metrics.tokenDuration.observe({ grant }, (performance.now() - started) / 1000);
      const rule = LOCKOUT_RULES[outcome];
      if (rule) metrics.lockouts.inc({ rule });
      if (outcome === 'refresh_reuse_detected') metrics.refreshReuse.inc();
    }
    const vendor = ctx.path.startsWith('/glue/') ? 'spryker-glue' : ctx.path === '/api/io/auth/customers' ? 'bigcommerce' : null;
    if (vendor) metrics.frontDoorRequests.inc({ vendor, status: String(ctx.status) });
    const refusal = ctx.state.loginLinkRefusal;
    if (typeof refusal === 'string') metrics.loginLinkRefusals.inc({ reason: refusal });
  };
}
