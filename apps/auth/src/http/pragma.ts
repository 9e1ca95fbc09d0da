import type { Middleware } from 'koa';

/**
 * RFC 6749 §5.1: token responses carry `Cache-Control: no-store` and
 * `Pragma: no-cache` (for HTTP/1.0 caches). oidc-provider sets the first
 * only; every answer marked no-store (token, introspection, errors) gets both.
 */
export const pragmaNoCache: Middleware = async (ctx, next) => {
  await next();
  if (/\bno-store\b/.test(String(ctx.response.get('Cache-Control')))) ctx.set('Pragma', 'no-cache');
};
