import type { Middleware } from 'koa';
import type { Logger } from 'pino';

// Paths that carry a credential: logged by their shape only.
const SECRET_PATHS: [RegExp, string][] = [
  [/^\/login\/token\/.+$/, '/login/token/:token'],
  [/^\/glue\/([^/]+)\/refresh-tokens\/(?!mine$).+$/, '/glue/$1/refresh-tokens/:refreshToken'],
];

export const loggablePath = (path: string): string => {
  const found = SECRET_PATHS.find(([pattern]) => pattern.test(path));
  return found ? path.replace(found[0], found[1]) : path;
};

/**
 * One line per request: method, path (never a query string or a token),
 * status, duration, client and, for errors, the OAuth error code.
 */
export function accessLog(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const body = ctx.body as { error?: unknown } | undefined;
      logger.info(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: loggablePath(ctx.path),
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          clientId: (ctx as { oidc?: { client?: { clientId?: string } } }).oidc?.client?.clientId,
          error: typeof body?.error === 'string' ? body.error : undefined,
        },
        'request',
      );
    }
  };
}
