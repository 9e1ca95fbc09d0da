import { fail, resolveLoginRedirect } from '@latchkey/core';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import type { ClientRecord } from '../provider/clients.js';
import { endBrowserSession, establishBrowserSession } from './browser-session.js';
import { redeemLoginToken } from './login-token.js';
import { loginLinkRefusalWords } from './refusal-words.js';
import type { Redeemed, Refused } from './result.js';
import { redeemSignedLogin } from './signed-login.js';

const PATH = /^\/login\/token\/([^/]{1,4096})$/;
const looksLikeJwt = (token: string): boolean => token.split('.').length === 3;

const page = (title: string, message: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>`;

async function clientOf(deps: AuthDeps, token: string): Promise<ClientRecord | null> {
  if (looksLikeJwt(token)) {
    try {
      const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { iss?: unknown };
      return typeof payload.iss === 'string' ? deps.clients.get(payload.iss) : null;
    } catch {
      return null;
    }
  }
  const row = await deps.loginTokens.find(token);
  return row ? deps.clients.get(row.clientId) : null;
}

/**
 * `GET /login/token/{token}`: a login token or a signed login JWT in a
 * browser. Success: a session cookie and a 302 to `redirect_to` (relative to
 * the client's base URL, or an allow-listed absolute URL, else the landing
 * page). Failure: back to the client's login page with
 * `?error=login_token_invalid`, or a plain 400 page. Never an open redirect.
 */
export function loginLinkRoute(deps: AuthDeps, provider: () => Provider, sessionTtlSeconds: number): Middleware {
  return async (ctx, next) => {
    const match = ctx.method === 'GET' ? PATH.exec(ctx.path) : null;
    if (!match) return next();
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    const token = decodeURIComponent(match[1]!);
    const result: Redeemed | Refused = looksLikeJwt(token)
      ? await redeemSignedLogin(deps, token, { ip: ctx.ip })
      : token.startsWith('lkl_')
        ? await redeemLoginToken(deps, token, { ip: ctx.ip })
        : fail('login_token_invalid', 'login token is invalid');

    const client = result.ok ? await deps.clients.get(result.clientId) : await clientOf(deps, token);
    if (!result.ok || !client) {
      const code = result.ok ? 'client_disabled' : result.code;
      ctx.state.loginLinkRefusal = code;
      deps.logger.info({ event: 'login_link.refused', code, clientId: client?.id, requestId: ctx.state.requestId }, 'login link refused');
      if (client?.loginUrl) {
        const target = new URL(client.loginUrl);
        target.searchParams.set('error', 'login_token_invalid');
        target.searchParams.set('error_description', loginLinkRefusalWords(result.ok ? 'client_disabled' : result.code));
        return ctx.redirect(target.href);
      }
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = page('Login link not valid', 'This login link is invalid, expired or already used.');
      return;
    }

    // BigCommerce's logout link: a signed login whose redirect_to is the client's logout path.
    const logout = client.logoutPath && client.baseUrl && looksLikeJwt(token) && result.redirectTo === client.logoutPath;
    if (logout && result.session.subject === 'customer') {
      await endBrowserSession(provider(), ctx, deps, result.session.customerId);
      return ctx.redirect(new URL(client.logoutPath!, client.baseUrl!).href);
    }
    // Bound to the client the token or JWT names: another client's authorization request finds no one signed in.
    await establishBrowserSession(provider(), ctx, deps, {
      session: result.session,
      ttlSeconds: sessionTtlSeconds,
      boundToClient: result.clientId,
    });
    const requested = result.redirectTo ?? (typeof ctx.query.redirect_to === 'string' ? ctx.query.redirect_to : null);
    const target = resolveLoginRedirect(requested, {
      baseUrl: client.baseUrl,
      allowList: client.redirectAllowList,
      landingUrl: client.landingUrl,
    });
    if (target) return ctx.redirect(target);
    ctx.type = 'html';
    ctx.body = page('Signed in', 'You are signed in. You can close this window.');
  };
}
