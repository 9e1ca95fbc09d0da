import type { Context } from 'koa';

/** Headers a storefront sends to a door: JSON:API or JSON bodies, a bearer token, Glue's agent header, a locale. */
const ALLOWED_HEADERS = 'Accept, Accept-Language, Authorization, Content-Type, X-Agent-Authorization';

/** Whether the request is a CORS preflight (RFC-less but Fetch-standard: OPTIONS naming the method to come). */
export const isPreflight = (ctx: Context): boolean => ctx.method === 'OPTIONS' && ctx.get('access-control-request-method') !== '';

/**
 * Answers a browser's preflight for a door's resource. A vendor SPA posts
 * `application/vnd.api+json` or `application/json` and sends bearer tokens,
 * so every call it makes from another origin is preflighted; without this
 * answer the browser never sends the request. `origin` is the Origin to
 * allow, or undefined to answer without CORS headers (the browser then
 * blocks the request); the request itself is still checked against the
 * client's CORS origins by the token endpoint.
 */
export function answerPreflight(ctx: Context, methods: readonly string[], origin: string | undefined): void {
  ctx.status = 204;
  ctx.vary('Origin');
  ctx.set('Cache-Control', 'no-store');
  if (origin !== undefined) {
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Methods', methods.join(', '));
    ctx.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
    ctx.set('Access-Control-Max-Age', '3600');
  }
  ctx.body = null;
}
