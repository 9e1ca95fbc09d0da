import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll } from 'vitest';
import type { AuthServerDeps } from '../src/index.js';
import { postForm, type RunningAuth, startAuthServer } from '../src/testing.js';

export { manualClock } from '../src/testing.js';

export type AuthTest = {
  db: TestDb;
  server: RunningAuth;
  token(form: Record<string, string>, headers?: Record<string, string>): ReturnType<typeof postForm>;
  verify(accessToken: string): Promise<JWTPayload & Record<string, unknown>>;
};

/** A real auth server on a fresh database for one test file; `seed` runs once before the tests. */
export function useAuthServer(options: Partial<AuthServerDeps> = {}, seed: (db: TestDb) => Promise<void> = async () => {}): AuthTest {
  const t = {} as AuthTest;
  beforeAll(async () => {
    t.db = await createTestDb();
    await seed(t.db);
    t.server = await startAuthServer(t.db, { clientCacheMs: 0, ...options });
    const jwks = createRemoteJWKSet(new URL(`${t.server.url}/jwks`));
    t.token = (form, headers) => postForm(`${t.server.url}/token`, form, headers);
    t.verify = async (accessToken) =>
      (await jwtVerify(accessToken, jwks, { issuer: t.server.issuer, audience: t.server.issuer, typ: 'at+jwt', algorithms: ['ES256'] }))
        .payload;
  });
  afterAll(async () => {
    await t.server?.close();
    await t.db?.dispose();
  });
  return t;
}

export const isPostgres = (): boolean => Boolean(process.env.DATABASE_URL);
