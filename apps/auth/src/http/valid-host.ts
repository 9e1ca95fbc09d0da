import type { Middleware } from 'koa';
import { oauthErrorBody } from '../oauth/errors.js';

/**
 * Refuses a request whose Host (or trusted X-Forwarded-Host) is not a host:
 * oidc-provider builds discovery's and its redirects' URLs on the request's
 * own URL, and `new URL` throws on a Host such as `a b` or `x:99999`, which
 * made a 500. The body, if any, is left unread, so the connection closes.
 */
export const validHost: Middleware = async (ctx, next) => {
  if (URL.canParse(`${ctx.protocol}://${ctx.host}/`)) return next();
  ctx.status = 400;
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Connection', 'close');
  ctx.body = oauthErrorBody('host_invalid', 'the Host header is not a valid host');
};
