import { CompactSign, compactVerify, importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox, ensureSigningKey, listSigningKeys, loadSigningKeys, rotateSigningKey } from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
const box = createSecretBox('k'.repeat(32));
const t0 = new Date('2026-11-22T12:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

describe('signing keys', () => {
  it('creates one active key even when many nodes start at once', async () => {
    const kids = await Promise.all(Array.from({ length: 10 }, () => ensureSigningKey(db, box, t0)));
    expect(new Set(kids).size).toBe(1);
    expect(await db.prisma.signingKey.count()).toBe(1);
  });

  it('stores the private half encrypted and lists only public metadata', async () => {
    const [row] = await db.prisma.signingKey.findMany();
    expect(row!.privateJwkEnc).toMatch(/^v1\./);
    expect(JSON.stringify(row!.publicJwk)).not.toContain('"d"');
    const listed = await listSigningKeys(db.prisma);
    expect(Object.keys(listed[0]!).sort()).toEqual(['activatedAt', 'alg', 'createdAt', 'kid', 'publicJwk', 'retiredAt']);
  });

  it('loads a usable ES256 private key', async () => {
    const [jwk] = await loadSigningKeys(db.sql, box, t0, 3600);
    const key = await importJWK(jwk!, 'ES256');
    const jws = await new CompactSign(new TextEncoder().encode('hi')).setProtectedHeader({ alg: 'ES256', kid: jwk!.kid }).sign(key);
    const { d: _d, ...pub } = jwk!;
    await expect(compactVerify(jws, await importJWK(pub, 'ES256'))).resolves.toBeDefined();
  });

  it('rotates: the new key is published first, signs after the publication delay, and the old one stays until retention ends', async () => {
    const before = await ensureSigningKey(db, box, t0);
    const { kid, retired, activatesAt } = await rotateSigningKey(db.prisma, box, at(10));
    expect(retired).toEqual([before]);
    expect(activatesAt).toEqual(at(70));
    const kidsAt = async (s: number) => (await loadSigningKeys(db.sql, box, at(s), 3600)).map((k) => k.kid);
    expect(await kidsAt(20)).toEqual([before, kid]);
    expect(await kidsAt(70)).toEqual([kid, before]);
    expect(await kidsAt(70 + 3601)).toEqual([kid]);
    expect(await ensureSigningKey(db, box, at(80))).toBe(kid);
  });
});
