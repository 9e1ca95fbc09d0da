import type { StorageLike } from './storage.js';

/** What a sign-in waits on while the browser is away at the sign-in page. */
export type PendingSignIn = { state: string; verifier: string; redirectUri: string; startedAt: number };

const PREFIX = 'latchkey.sign-in.';
// The auth server forgets an interaction after 10 minutes; a callback later than that cannot succeed.
const MAX_AGE_MS = 10 * 60 * 1000;

/** A StorageLike in memory: for a sign-in that never leaves the page (a popup, Node, tests). */
function memoryStorageLike(): StorageLike {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * Pending sign-ins, one key per state: two tabs signing in at once do not
 * overwrite each other, and a callback finds only the sign-in it belongs to.
 * Taking one removes it, so a callback URL cannot be used twice.
 */
export function pendingSignIns(storage: StorageLike, clientId: string) {
  const key = (state: string) => `${PREFIX}${clientId}.${state}`;
  return {
    save(pending: PendingSignIn): void {
      storage.setItem(key(pending.state), JSON.stringify(pending));
    },
    take(state: string, now: number): PendingSignIn | null {
      const text = storage.getItem(key(state));
      storage.removeItem(key(state));
      if (!text) return null;
      try {
        const value = JSON.parse(text) as PendingSignIn;
        const fresh = typeof value.startedAt === 'number' && now - value.startedAt <= MAX_AGE_MS;
        return fresh && value.state === state && typeof value.verifier === 'string' && typeof value.redirectUri === 'string' ? value : null;
      } catch {
        return null;
      }
    },
  };
}

/** sessionStorage where there is one (it survives the redirect, stays in its tab), else memory. */
export function defaultPendingStorage(): StorageLike {
  const session = (globalThis as { sessionStorage?: StorageLike }).sessionStorage;
  return session ?? memoryStorageLike();
}
