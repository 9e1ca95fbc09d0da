import type { Context } from 'koa';
import type Provider from 'oidc-provider';

// oidc-provider's Session (its browser session) made and ended outside its
// own interactions: a login link or the sign-in page signs a browser in
// without an interaction. Relies on the Session model (loginAccount, save,
// jti, uid), `provider.createContext`, and the cookie oidc-provider reads
// it from: `cookieName('session')`, signed with the configured keys.

const SESSION_COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', signed: true } as const;

/**
 * A new oidc-provider session (a new id, so a session fixed by someone else
 * is never upgraded) with the account logged in, and its cookie on the
 * response. Returns its uid, which what Latchkey keeps beside it is keyed by.
 */
export async function openProviderSession(
  provider: Provider,
  ctx: Context,
  login: { accountId: string; loginTs: number; amr: string[]; ttlSeconds: number },
): Promise<string> {
  const session = new provider.Session();
  session.loginAccount({ accountId: login.accountId, loginTs: login.loginTs, amr: login.amr });
  await session.save(login.ttlSeconds);
  const { cookies } = provider.createContext(ctx.req, ctx.res);
  cookies.set(provider.cookieName('session'), session.jti, {
    ...SESSION_COOKIE_OPTIONS,
    secure: ctx.secure,
    expires: new Date(Date.now() + login.ttlSeconds * 1000),
  });
  return session.uid;
}

/**
 * Ends the browser's oidc-provider session if it is this account's and
 * clears its cookie; returns its uid (null: none, or another account's,
 * which is left alone).
 */
export async function endProviderSession(provider: Provider, ctx: Context, accountId: string): Promise<string | null> {
  const { cookies } = provider.createContext(ctx.req, ctx.res);
  const name = provider.cookieName('session');
  const id = cookies.get(name, { signed: true });
  const session = id ? await provider.Session.find(id) : undefined;
  if (!session || session.accountId !== accountId) return null;
  await session.destroy();
  cookies.set(name, null, { ...SESSION_COOKIE_OPTIONS, secure: ctx.secure });
  return session.uid;
}
