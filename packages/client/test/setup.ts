import type { AuthServerDeps } from '@latchkey/auth';
import { type RunningAuth, startAuthServer } from '@latchkey/auth/testing';
import { freePort } from '@latchkey/db/free-port';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll } from 'vitest';

export { manualClock } from '@latchkey/auth/testing';

/**
 * The real fetch, counting the requests by path: how tests see that
 * concurrent callers share one token request.
 */
export function countingFetch() {
  const paths: string[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    paths.push(new URL(url).pathname);
    return globalThis.fetch(input, init);
  };
  return {
    fetch,
    /** Requests made so far to exactly this path (`/token`, not `/token/revocation`). */
    count: (path: string) => paths.filter((p) => p === path).length,
    /** Requests whose path starts with this prefix. */
    countUnder: (prefix: string) => paths.filter((p) => p.startsWith(prefix)).length,
  };
}

export type AuthFixture = { db: TestDb; auth: RunningAuth };

/** A real auth server on a fresh database for one test file; `seed` runs once before it starts. */
export function useAuthServer(seed: (db: TestDb) => Promise<void>, options: Partial<AuthServerDeps> = {}): AuthFixture {
  const fixture = {} as AuthFixture;
  beforeAll(async () => {
    fixture.db = await createTestDb();
    await seed(fixture.db);
    fixture.auth = await startAuthServer(fixture.db, { clientCacheMs: 0, ...options });
  });
  afterAll(async () => {
    await fixture.auth?.close();
    await fixture.db?.dispose();
  });
  return fixture;
}

/** A port nothing listens on. */
export const closedPort = freePort;

export const isPostgres = (): boolean => Boolean(process.env.DATABASE_URL);
