import type { Db } from '@latchkey/db';

type ClientStanding = { type: 'public' | 'confidential' };
export type ClientStatus = (clientId: string) => Promise<ClientStanding | null>;

/**
 * Whether a token's client still stands (exists and is active), with a
 * short cache like the auth server's client registry: a JWT access token
 * outlives a deleted or disabled client unless its holder is checked, and
 * the admin API checks every call. Null: the client is gone or disabled.
 */
export function createClientStatus(db: Db, ttlMs: number, now: () => number = Date.now): ClientStatus {
  const cache = new Map<string, { at: number; value: Promise<ClientStanding | null> }>();
  return (clientId) => {
    const hit = cache.get(clientId);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = db.prisma.oAuthClient
      .findUnique({ where: { id: clientId }, select: { type: true, status: true } })
      .then((row) => (row?.status === 'active' ? { type: row.type } : null));
    // A failed read must not stick in the cache.
    value.catch(() => cache.delete(clientId));
    if (cache.size > 10_000) cache.clear();
    if (ttlMs > 0) cache.set(clientId, { at: now(), value });
    return value;
  };
}
