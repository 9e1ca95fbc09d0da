import type { OidcPayloadStore } from '@latchkey/db';
import { parseSubject, type Subject } from './subject.js';

// Stored beside oidc-provider's Session (keyed by its uid): which company
// user, or which anonymous login, a browser session speaks for, and the
// client a login link opened it for. Tokens minted from that session
// (authorization code, then refresh) read it back.
export const BROWSER_SESSION_KIND = 'LatchkeySession';
const KIND = BROWSER_SESSION_KIND;

export const saveBrowserSession = (
  store: OidcPayloadStore,
  sessionUid: string,
  session: Subject,
  ttlSeconds: number,
  clientId: string | null,
) => store.upsert(KIND, sessionUid, { session, ...(clientId ? { clientId } : {}) }, ttlSeconds);

export async function loadBrowserSession(store: OidcPayloadStore, sessionUid: string | undefined): Promise<Subject | null> {
  if (!sessionUid) return null;
  const stored = await store.find(KIND, sessionUid);
  return stored ? parseSubject(stored.session) : null;
}

/**
 * Whether a browser session may be used by a client: one a login link
 * opened (a login token or a signed login JWT names one client) only by that
 * client; one signed in with a password by any client of its directory.
 */
export async function browserSessionUsableBy(store: OidcPayloadStore, sessionUid: string | undefined, clientId: string): Promise<boolean> {
  if (!sessionUid) return true;
  const stored = await store.find(KIND, sessionUid);
  return typeof stored?.clientId !== 'string' || stored.clientId === clientId;
}
