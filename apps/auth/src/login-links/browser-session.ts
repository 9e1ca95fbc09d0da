import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { GrantDeps } from '../grants/deps.js';
import { BROWSER_SESSION_KIND, saveBrowserSession } from '../subjects/browser-sessions.js';
import { accountIdOf, type Session } from '../subjects/session.js';

const SESSION_COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', signed: true } as const;

export type BrowserLogin = {
  session: Session;
  ttlSeconds: number;
  /**
   * The one client that may use the session (the client a login token or
   * signed login JWT names), or null for any client of the directory (a
   * password sign-in). Required, so no login link forgets to bind.
   */
  boundToClient: string | null;
  amr?: string[];
};

/**
 * Logs the browser in: a new oidc-provider session (a new id, so a session
 * fixed by someone else is never upgraded) for the login link's subject,
 * which an SPA then picks up with the authorization code flow and PKCE.
 */
export async function establishBrowserSession(provider: Provider, ctx: Context, deps: GrantDeps, login: BrowserLogin): Promise<void> {
  const { session, ttlSeconds, boundToClient, amr = ['login_link'] } = login;
  const oidcSession = new provider.Session();
  oidcSession.loginAccount({ accountId: accountIdOf(session), loginTs: Math.floor(deps.clock().getTime() / 1000), amr });
  await oidcSession.save(ttlSeconds);
  await saveBrowserSession(deps.store, oidcSession.uid, session, ttlSeconds, boundToClient);
  const { cookies } = provider.createContext(ctx.req, ctx.res);
  cookies.set(provider.cookieName('session'), oidcSession.jti, {
    ...SESSION_COOKIE_OPTIONS,
    secure: ctx.secure,
    expires: new Date(Date.now() + ttlSeconds * 1000),
  });
}

/**
 * Logs the browser out if its session is this customer's: the
 * oidc-provider session and what Latchkey stored beside it go, and the
 * cookie is cleared. Another person's session in the same browser is left alone.
 */
export async function endBrowserSession(provider: Provider, ctx: Context, deps: GrantDeps, customerId: string): Promise<void> {
  const { cookies } = provider.createContext(ctx.req, ctx.res);
  const name = provider.cookieName('session');
  const id = cookies.get(name, { signed: true });
  const session = id ? await provider.Session.find(id) : undefined;
  if (!session || session.accountId !== customerId) return;
  await Promise.all([session.destroy(), deps.store.destroy(BROWSER_SESSION_KIND, session.uid)]);
  cookies.set(name, null, { ...SESSION_COOKIE_OPTIONS, secure: ctx.secure });
}
