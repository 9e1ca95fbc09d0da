import type { Middleware } from 'koa';

const DISCOVERY = '/.well-known/openid-configuration';

/**
 * Discovery names Latchkey's endpoints on the configured issuer, whatever
 * the request's Host or X-Forwarded-Host says: oidc-provider builds them on
 * the request's URL, so `Host: evil.example` answered `jwks_uri:
 * http://evil.example/jwks`, which a cache in front could keep and hand to
 * every client. Every URL on the request's origin is moved to the
 * issuer's; the answer may be cached for a while (it changes with a
 * deployment, not per request).
 */
export const discoveryOnIssuer =
  (issuer: string): Middleware =>
  async (ctx, next) => {
    await next();
    if (ctx.path !== DISCOVERY || ctx.status !== 200 || !ctx.body || typeof ctx.body !== 'object') return;
    // What oidc-provider built the URLs on (ctx.href's origin; Koa's ctx.origin is not it here).
    const requestOrigin = new URL(ctx.href).origin;
    const issuerOrigin = new URL(issuer).origin;
    const onIssuer = (value: unknown): unknown => {
      if (typeof value === 'string')
        return value.startsWith(`${requestOrigin}/`) ? issuerOrigin + value.slice(requestOrigin.length) : value;
      if (Array.isArray(value)) return value.map(onIssuer);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, onIssuer(v)]));
      return value;
    };
    ctx.body = onIssuer(ctx.body);
    ctx.set('Cache-Control', 'public, max-age=300');
  };
