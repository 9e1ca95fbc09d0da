import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLoginToken,
  createOidcPayloadStore,
  recordLoginTokenSuccess,
  rememberJti,
  reserveLoginAttempt,
  settleLoginAttempt,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

// PGlite runs one query at a time and hides races; CI runs this file again
// with DATABASE_URL set, where the 200 calls really do run concurrently.
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

const N = 200;
const all = <T>(fn: () => Promise<T>) => Promise.all(Array.from({ length: N }, fn));
const now = new Date('2026-11-22T12:00:00Z');

describe(`consume-once under ${N} concurrent calls (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('consumes an oidc-provider payload exactly once', async () => {
    const store = createOidcPayloadStore(db.sql);
    await store.upsert('RefreshToken', 'rt-1', { grantId: 'g1' }, 3600);
    const results = await all(() => store.consume('RefreshToken', 'rt-1'));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('rotates a refresh token exactly once, storing one successor', async () => {
    const store = createOidcPayloadStore(db.sql);
    await store.upsert('RefreshToken', 'rt-2', { grantId: 'g2' }, 3600);
    const results = await all(() => store.rotate('RefreshToken', 'rt-2', 'rt-2-next', { grantId: 'g2' }, 3600));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await db.prisma.oidcPayload.count({ where: { grantId: 'g2' } })).toBe(2);
  });

  it('redeems a one-time login token exactly once', async () => {
    await db.prisma.oAuthClient.create({ data: { id: 'storefront', name: 'Storefront', type: 'public' } });
    const { record } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      expiresAt: new Date(now.getTime() + 3600_000),
      oneTimeUse: true,
    });
    const results = await all(() => recordLoginTokenSuccess(db.sql, record.id, now));
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await db.prisma.loginToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(stored.successfulAttempts).toBe(1);
  });

  it('lets a multi-use login token count every redemption', async () => {
    const { record } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      expiresAt: new Date(now.getTime() + 3600_000),
      oneTimeUse: false,
    });
    const results = await all(() => recordLoginTokenSuccess(db.sql, record.id, now));
    expect(results.every(Boolean)).toBe(true);
    expect((await db.prisma.loginToken.findUniqueOrThrow({ where: { id: record.id } })).successfulAttempts).toBe(N);
  });

  it('accepts a signed-login jti once', async () => {
    const results = await all(() => rememberJti(db.sql, 'storefront', 'jti-1', new Date(now.getTime() + 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('reserves login attempts up to the limit and no further, losing none', async () => {
    const backoff = { baseSeconds: 60, factor: 2, maxSeconds: 3600 };
    const many = await all(() => reserveLoginAttempt(db.sql, 'ip:203.0.113.9', now, { maxFailures: 1000, windowSeconds: 900, backoff }));
    expect(many.every(Boolean)).toBe(true);
    expect((await db.prisma.loginFailureCounter.findUniqueOrThrow({ where: { key: 'ip:203.0.113.9' } })).failures).toBe(N);

    const few = await all(() => reserveLoginAttempt(db.sql, 'ip:203.0.113.10', now, { maxFailures: 5, windowSeconds: 900, backoff }));
    expect(few.filter(Boolean)).toHaveLength(5);
    expect((await db.prisma.loginFailureCounter.findUniqueOrThrow({ where: { key: 'ip:203.0.113.10' } })).failures).toBe(5);
  });

  it('settles wrong passwords up to the limit and no further, however many right ones race them', async () => {
    const backoff = { baseSeconds: 60, factor: 2, maxSeconds: 3600 };
    const rule = { maxFailures: 5, windowSeconds: 900, backoff };
    const begunAt = new Date(now.getTime() - 1000);
    const settle = (key: string, failed: boolean) => settleLoginAttempt(db.sql, key, { begunAt, now, failed }, rule);
    const wrong = await all(() => settle('customer:settle-burst', true));
    expect(wrong.filter(Boolean)).toHaveLength(5);
    expect((await db.prisma.loginFailureCounter.findUniqueOrThrow({ where: { key: 'customer:settle-burst' } })).failures).toBe(5);
    expect(await settle('customer:settle-burst', false)).toBe(false);

    // Half right, half wrong, all begun before any settled: a right one starts the count again
    // only for attempts begun after it, so exactly 5 wrong ones are told they failed.
    let n = 0;
    const mixed = await all(async () => {
      const failed = n++ % 2 === 0;
      return { failed, told: await settle('customer:settle-mixed', failed) };
    });
    expect(mixed.filter((m) => m.failed && m.told)).toHaveLength(5);
  });
});
