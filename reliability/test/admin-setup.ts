import { type RunningAuth, startAuthServer } from '@latchkey/auth/testing';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll } from 'vitest';
import type { AdminFuzzWorld } from '../src/fuzz/admin-requests.js';
import { adminFuzzWorld } from '../src/fuzz/admin-world.js';

export type AdminTest = { db: TestDb; auth: RunningAuth; api: { url: string; close(): Promise<void> }; world: AdminFuzzWorld };

/** Auth and the admin API on a fresh database, with the admin fuzz's world, for one test file. */
export function useAdminFuzzWorld(): AdminTest {
  const t = {} as AdminTest;
  beforeAll(async () => {
    t.db = await createTestDb();
    t.auth = await startAuthServer(t.db, { clientCacheMs: 0 });
    ({ api: t.api, world: t.world } = await adminFuzzWorld(t.db, t.auth));
  });
  afterAll(async () => {
    await t.api?.close();
    await t.auth?.close();
    await t.db?.dispose();
  });
  return t;
}
