import type { SqlDb } from '@latchkey/db';
import type { Middleware } from 'koa';

/** `/healthz`: the process answers. `/readyz`: and the database does too (503 otherwise). */
export function health(db: Pick<SqlDb, 'ping'>): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      const ready = await db.ping().then(
        () => true,
        () => false,
      );
      ctx.status = ready ? 200 : 503;
      ctx.body = { status: ready ? 'ok' : 'unavailable' };
      return;
    }
    return next();
  };
}
