import { clientAddress } from '@latchkey/runtime';
import type { Middleware } from 'koa';

/**
 * Sets `ctx.ip` (the lockout's IP rule, login tokens bound to an address,
 * the audit) from runtime's clientAddress, as the api does: Koa's own
 * `proxy` takes X-Forwarded-For's leftmost entry, which the client writes.
 * Koa's `proxy` stays on for X-Forwarded-Proto.
 */
export const clientIp =
  (trustedHops: number): Middleware =>
  async (ctx, next) => {
    ctx.request.ip = clientAddress(ctx.req.socket.remoteAddress, ctx.req.headers['x-forwarded-for'], trustedHops);
    return next();
  };
