import { isPoolBusy, POOL_BUSY_RETRY_AFTER_SECONDS } from '@latchkey/db';
import type { Context, Middleware } from 'koa';

/**
 * A door whose own reads (its client, its store) found every database
 * connection busy answers in its vendor's shape with Retry-After; what it
 * dispatched to the token endpoint already comes back as `server_busy`.
 */
export const answeringBusy =
  (door: Middleware, reply: (ctx: Context) => void): Middleware =>
  async (ctx, next) => {
    try {
      await door(ctx, next);
    } catch (error) {
      if (!isPoolBusy(error)) throw error;
      ctx.set('Retry-After', String(POOL_BUSY_RETRY_AFTER_SECONDS));
      reply(ctx);
    }
  };
