import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { endProviderSession, openProviderSession } from '../provider/internals/index.js';
import { BROWSER_SESSION_KIND, saveBrowserSession } from '../subjects/browser-sessions.js';
import { accountIdOf, type Subject } from '../subjects/subject.js';

export type BrowserLogin = {
  session: Subject;
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
 * Logs the browser in: a new oidc-provider session for the login link's
 * subject, which an SPA then picks up with the authorization code flow and
 * PKCE, and beside it whom it speaks for and the client it is bound to.
 */
export async function establishBrowserSession(provider: Provider, ctx: Context, deps: AuthDeps, login: BrowserLogin): Promise<void> {
  const { session, ttlSeconds, boundToClient, amr = ['login_link'] } = login;
  const loginTs = Math.floor(deps.clock().getTime() / 1000);
  const uid = await openProviderSession(provider, ctx, { accountId: accountIdOf(session), loginTs, amr, ttlSeconds });
  await saveBrowserSession(deps.store, uid, session, ttlSeconds, boundToClient);
}

/**
 * Logs the browser out if its session is this customer's: the
 * oidc-provider session and what Latchkey stored beside it go, and the
 * cookie is cleared. Another person's session in the same browser is left alone.
 */
export async function endBrowserSession(provider: Provider, ctx: Context, deps: AuthDeps, customerId: string): Promise<void> {
  const uid = await endProviderSession(provider, ctx, customerId);
  if (uid) await deps.store.destroy(BROWSER_SESSION_KIND, uid);
}
