import type { Middleware } from 'koa';
import { oauthErrorBody } from '../oauth/errors.js';

/**
 * Refuses a declared body over `limitBytes` with 413 before anything reads
 * it. A chunked body without Content-Length meets oidc-provider's own
 * 56 KiB cap instead (400 invalid_request); whenever an answer leaves part
 * of a body unread, the connection closes after it, or the unread bytes
 * would be taken for the next request on the kept-alive connection.
 */
export function bodyLimit(limitBytes: number): Middleware {
  return async (ctx, next) => {
    const length = Number(ctx.get('content-length') || 0);
    if (length > limitBytes) {
      ctx.status = 413;
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Connection', 'close');
      ctx.body = oauthErrorBody('request_too_large', `request body exceeds ${limitBytes} bytes`);
      return;
    }
    await next();
    if (!ctx.req.complete && ctx.method !== 'GET' && ctx.method !== 'HEAD') ctx.set('Connection', 'close');
  };
}
