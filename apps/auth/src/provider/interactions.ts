import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

const PATH = /^\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/**
 * Latchkey has no login page of its own: browsers are signed in by login
 * links, SPAs by the password grant. An authorization request that needs a
 * login therefore ends with `login_required`, back at the client, which
 * shows its own login form (OpenID Connect Core §3.1.2.6).
 */
export function interactions(provider: () => Provider): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET' || !PATH.test(ctx.path)) return next();
    ctx.respond = false;
    await provider()
      .interactionFinished(
        ctx.req,
        ctx.res,
        { error: 'login_required', error_description: 'sign in with the client or a login link first' },
        { mergeWithLastSubmission: false },
      )
      .catch(() => {
        ctx.res.statusCode = 400;
        ctx.res.setHeader('Cache-Control', 'no-store');
        ctx.res.end('interaction not found or expired');
      });
  };
}
