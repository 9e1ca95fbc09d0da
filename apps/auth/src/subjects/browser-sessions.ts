import type { OidcPayloadStore } from '@latchkey/db';
import { parseSession, type Session } from './session.js';

// Stored beside oidc-provider's Session (keyed by its uid): which company
// user, or which anonymous login, a browser session speaks for. Tokens
// minted from that session (authorization code, then refresh) read it back.
export const BROWSER_SESSION_KIND = 'LatchkeySession';
const KIND = BROWSER_SESSION_KIND;

export const saveBrowserSession = (store: OidcPayloadStore, sessionUid: string, session: Session, ttlSeconds: number) =>
  store.upsert(KIND, sessionUid, { session }, ttlSeconds);

export async function loadBrowserSession(store: OidcPayloadStore, sessionUid: string | undefined): Promise<Session | null> {
  if (!sessionUid) return null;
  const stored = await store.find(KIND, sessionUid);
  return stored ? parseSession(stored.session) : null;
}
