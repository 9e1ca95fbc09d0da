import { requestIdOf } from '@latchkey/runtime';
import type { Middleware } from 'koa';

/** Every request gets an id (a trusted proxy's X-Request-Id, else a new one), answered back and written in its log line. */
export function requestId(trustProxy: boolean): Middleware {
  return async (ctx, next) => {
    const id = requestIdOf(ctx.get('x-request-id') || undefined, trustProxy);
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    await next();
  };
}
