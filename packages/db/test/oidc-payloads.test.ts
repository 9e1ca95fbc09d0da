import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOidcPayloadStore, hashToken } from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
let clock = new Date('2026-11-22T12:00:00Z');
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());
const store = () => createOidcPayloadStore(db.sql, () => clock);

describe('oidc payload store', () => {
  it('stores a hash of the id and no copy of it in the payload', async () => {
    await store().upsert(
      'RefreshToken',
      'secret-refresh-token',
      { jti: 'secret-refresh-token', grantId: 'g1', accountId: 'a1', clientId: 'c1', kind: 'RefreshToken' },
      60,
    );
    const rows = await db.prisma.oidcPayload.findMany({ where: { kind: 'RefreshToken' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(hashToken('secret-refresh-token'));
    expect(JSON.stringify(rows[0])).not.toContain('secret-refresh-token');
    expect(rows[0]).toMatchObject({ grantId: 'g1', accountId: 'a1', clientId: 'c1' });
  });

  it('gives the payload back with its id, and marks consumption', async () => {
    expect(await store().find('RefreshToken', 'secret-refresh-token')).toEqual({
      jti: 'secret-refresh-token',
      grantId: 'g1',
      accountId: 'a1',
      clientId: 'c1',
      kind: 'RefreshToken',
    });
    expect(await store().consume('RefreshToken', 'secret-refresh-token', clock)).toBe(true);
    expect(await store().consume('RefreshToken', 'secret-refresh-token', clock)).toBe(false);
    expect(await store().find('RefreshToken', 'secret-refresh-token')).toMatchObject({ consumed: Math.floor(clock.getTime() / 1000) });
    expect((await store().findWithState('RefreshToken', 'secret-refresh-token'))?.consumedAt).toEqual(clock);
  });

  it('hides expired payloads and unknown ids', async () => {
    expect(await store().find('RefreshToken', 'nope')).toBeUndefined();
    expect(await store().findWithState('RefreshToken', 'nope')).toBeUndefined();
    clock = new Date(clock.getTime() + 61_000);
    expect(await store().find('RefreshToken', 'secret-refresh-token')).toBeUndefined();
  });

  it('rotates in one statement: successor stored, token consumed, once', async () => {
    await store().upsert('RefreshToken', 'old', { grantId: 'g5' }, 60);
    expect(await store().rotate('RefreshToken', 'old', 'next', { grantId: 'g5', rotations: 1 }, 60, clock)).toBe(true);
    expect(await store().rotate('RefreshToken', 'old', 'next', { grantId: 'other' }, 60, clock)).toBe(false);
    expect(await store().findWithState('RefreshToken', 'old')).toMatchObject({ consumedAt: clock });
    expect(await store().find('RefreshToken', 'next')).toEqual({ jti: 'next', grantId: 'g5', rotations: 1 });
    const row = await db.prisma.oidcPayload.findUniqueOrThrow({ where: { kind_id: { kind: 'RefreshToken', id: hashToken('next') } } });
    expect(row.expiresAt).toEqual(new Date(clock.getTime() + 60_000));
    expect(row.grantId).toBe('g5');
  });

  it('writes no successor when the token is already consumed or gone (a revoked family stays revoked)', async () => {
    expect(await store().rotate('RefreshToken', 'old', 'other-next', { grantId: 'g5' }, 60, clock)).toBe(false);
    expect(await store().find('RefreshToken', 'other-next')).toBeUndefined();
    await store().revokeByGrantId('g5');
    expect(await store().rotate('RefreshToken', 'old', 'next', { grantId: 'g5' }, 60, clock)).toBe(false);
    expect(await store().find('RefreshToken', 'next')).toBeUndefined();
  });

  it('inserts a grant and its first token in one statement', async () => {
    await store().insertAll([
      { kind: 'Grant', id: 'grant-7', payload: { accountId: 'a7', clientId: 'c7' }, expiresInSeconds: 600 },
      { kind: 'RefreshToken', id: 'rt-7', payload: { grantId: 'grant-7', accountId: 'a7' }, expiresInSeconds: 60 },
    ]);
    expect(await store().find('Grant', 'grant-7')).toEqual({ jti: 'grant-7', accountId: 'a7', clientId: 'c7' });
    expect(await store().find('RefreshToken', 'rt-7')).toEqual({ jti: 'rt-7', grantId: 'grant-7', accountId: 'a7' });
    expect(await store().revokeByGrantId('grant-7')).toBe(2);
  });

  it('inserts once when asked not to overwrite', async () => {
    expect(await store().insertIfAbsent('RefreshToken', 'successor', { grantId: 'g2' }, 60)).toBe(true);
    expect(await store().insertIfAbsent('RefreshToken', 'successor', { grantId: 'other' }, 60)).toBe(false);
    expect(await store().find('RefreshToken', 'successor')).toMatchObject({ grantId: 'g2' });
  });

  it('finds sessions by uid without their id', async () => {
    await store().upsert('Session', 'session-cookie-value', { uid: 'uid-1', accountId: 'a1' }, 60);
    expect(await store().findByUid('Session', 'uid-1')).toEqual({ uid: 'uid-1', accountId: 'a1' });
    await store().upsert('DeviceCode', 'dc', { userCode: 'ABCD', grantId: 'g9' }, 60);
    expect(await store().findByUserCode('DeviceCode', 'ABCD')).toMatchObject({ grantId: 'g9' });
    await store().destroy('Session', 'session-cookie-value');
    expect(await store().findByUid('Session', 'uid-1')).toBeUndefined();
  });

  it('revokes a grant with every token issued under it', async () => {
    await store().upsert('Grant', 'grant-3', { accountId: 'a1' }, 60);
    expect((await db.prisma.oidcPayload.findFirstOrThrow({ where: { kind: 'Grant' } })).id).toBe('grant-3');
    await store().upsert('RefreshToken', 'rt-3a', { grantId: 'grant-3' }, 60);
    await store().upsert('RefreshToken', 'rt-3b', { grantId: 'grant-3' }, 60);
    await store().upsert('RefreshToken', 'rt-4', { grantId: 'grant-4' }, 60);
    expect(await store().revokeByGrantId('grant-3')).toBe(3);
    expect(await store().find('RefreshToken', 'rt-4')).toBeDefined();
    expect(await store().find('Grant', 'grant-3')).toBeUndefined();
  });
});
