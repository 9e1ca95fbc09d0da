import type { Middleware } from 'koa';
import { oauthErrorBody } from '../oauth/errors.js';

// The endpoints clients POST to; any other method there is a 405, not a 404.
const POST_ONLY = new Set(['/token', '/token/introspection', '/token/revocation']);

/**
 * What nothing else answered: JSON, never cached, 405 with `Allow` on the
 * POST-only endpoints and 404 elsewhere (Koa would answer plain text).
 */
export const notFound: Middleware = async (ctx, next) => {
  await next();
  if (ctx.status !== 404 || ctx.body !== undefined) return;
  ctx.set('Cache-Control', 'no-store');
  if (POST_ONLY.has(ctx.path) && ctx.method !== 'POST' && ctx.method !== 'OPTIONS') {
    ctx.status = 405;
    ctx.set('Allow', 'POST');
    ctx.body = oauthErrorBody('method_not_allowed', `${ctx.path} accepts POST only`);
    return;
  }
  ctx.status = 404;
  ctx.body = oauthErrorBody('endpoint_not_found', 'no such endpoint');
};
