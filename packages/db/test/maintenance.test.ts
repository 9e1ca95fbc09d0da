import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcPayloadStore, purgeExpired, rememberJti, reserveLoginAttempt, startMaintenance } from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const t0 = new Date('2026-11-22T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

describe('maintenance', () => {
  it('purges expired payloads, jtis and stale counters, and keeps the rest', async () => {
    const store = createOidcPayloadStore(db.sql, () => t0);
    await store.upsert('RefreshToken', 'old', {}, 10);
    await store.upsert('RefreshToken', 'new', {}, 1000);
    await rememberJti(db.sql, 'c', 'old', at(10));
    await rememberJti(db.sql, 'c', 'new', at(1000));
    const rule = { maxFailures: 5, windowSeconds: 900, backoff: { baseSeconds: 60, factor: 2, maxSeconds: 3600 } };
    await reserveLoginAttempt(db.sql, 'ip:old', at(-2 * 86400), rule);
    await reserveLoginAttempt(db.sql, 'ip:new', t0, rule);
    expect(await purgeExpired(db, at(100))).toEqual({ oidcPayloads: 1, usedJtis: 1, loginFailureCounters: 1 });
    expect(await db.prisma.oidcPayload.count()).toBe(1);
  });

  it('runs on a schedule and stops cleanly', async () => {
    const results: unknown[] = [];
    const stop = startMaintenance(db, { intervalMs: 20, clock: () => at(10_000), onResult: (r) => results.push(r) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stop();
    expect(results.length).toBeGreaterThan(0);
    expect(await db.prisma.oidcPayload.count()).toBe(0);
  });
});
