import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLoginToken,
  createSecretBox,
  findLoginTokenFacts,
  hashToken,
  LoginTokenSubjectError,
  recordLoginTokenFailure,
  recordLoginTokenSuccess,
  redeemLoginTokenFacts,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

let db: TestDb;
let customerId: string;
let companyUserId: string;
const now = new Date('2026-11-22T12:00:00Z');
const later = (s: number) => new Date(now.getTime() + s * 1000);

beforeAll(async () => {
  db = await createTestDb();
  await db.prisma.oAuthClient.create({ data: { id: 'storefront', name: 'Storefront', type: 'public' } });
  const customer = await db.prisma.customer.create({ data: { reference: 'C-1', email: 'a@example.com', firstName: 'A', lastName: 'B' } });
  const other = await db.prisma.customer.create({ data: { reference: 'C-2', email: 'b@example.com', firstName: 'B', lastName: 'C' } });
  const company = await db.prisma.company.create({ data: { name: 'ACME' } });
  const cu = await db.prisma.companyUser.create({ data: { customerId: customer.id, companyId: company.id } });
  customerId = customer.id;
  companyUserId = cu.id;
  await db.prisma.companyUser.create({ data: { customerId: other.id, companyId: company.id } });
});
afterAll(() => db.dispose());

describe('login tokens', () => {
  it('keeps the value sealed beside its hash when given a sealer, never in clear', async () => {
    const box = createSecretBox('login-token-test-secret-key-0123456789');
    const { token, record } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      expiresAt: null,
      oneTimeUse: false,
      lockCompanyUser: true,
      seal: box.seal,
    });
    expect(record).toMatchObject({ expiresAt: null, lockCompanyUser: true });
    expect(box.open(record.tokenEnc!)).toBe(token);
    expect(JSON.stringify(await db.prisma.loginToken.findMany())).not.toContain(token.slice(4));
  });

  it('returns the value once and stores only its hash', async () => {
    const { token, record } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      customerId,
      expiresAt: later(60),
      oneTimeUse: true,
      extra: { oci: true },
    });
    expect(token).toMatch(/^lkl_/);
    expect(record.tokenHash).toBe(hashToken(token));
    expect(record.tokenEnc).toBeNull();
    expect(JSON.stringify(await db.prisma.loginToken.findMany())).not.toContain(token);
    expect(await findLoginTokenFacts(db.sql, token)).toEqual({
      id: record.id,
      clientId: 'storefront',
      revokedAt: null,
      notBefore: null,
      expiresAt: later(60),
      oneTimeUse: true,
      lockCompanyUser: false,
      successfulAttempts: 0,
      requestIp: null,
      customerId,
      companyUserId: null,
      customer: { id: customerId, reference: 'C-1', status: 'active', emailVerified: false },
      companyUser: null,
      // The customer's only company user (role-less) is the session's.
      facts: {
        customer: { id: customerId, reference: 'C-1', status: 'active', emailVerified: false },
        companyUser: { id: companyUserId, customerId, status: 'active', company: { id: expect.any(String), status: 'active' }, role: null },
      },
    });
    expect(await findLoginTokenFacts(db.sql, 'lkl_unknown')).toBeNull();
  });

  it('files a company-user token under its customer and refuses a mismatch', async () => {
    const { record, token } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      companyUserId,
      expiresAt: later(60),
      oneTimeUse: true,
    });
    expect(record.customerId).toBe(customerId);
    expect((await findLoginTokenFacts(db.sql, token))?.companyUser).toMatchObject({
      id: companyUserId,
      customerId,
      status: 'active',
      company: { status: 'active' },
    });
    const other = await db.prisma.customer.findFirstOrThrow({ where: { reference: 'C-2' } });
    await expect(
      createLoginToken(db.prisma, { clientId: 'storefront', customerId: other.id, companyUserId, expiresAt: later(60), oneTimeUse: true }),
    ).rejects.toBeInstanceOf(LoginTokenSubjectError);
    await expect(
      createLoginToken(db.prisma, {
        clientId: 'storefront',
        companyUserId: '00000000-0000-7000-8000-000000000000',
        expiresAt: later(60),
        oneTimeUse: true,
      }),
    ).rejects.toThrow('company user not found');
  });

  it('creates anonymous tokens', async () => {
    const { record } = await createLoginToken(db.prisma, { clientId: 'storefront', expiresAt: later(60), oneTimeUse: false });
    expect(record.customerId).toBeNull();
    expect(record.companyUserId).toBeNull();
  });

  it('counts successes only inside the window and while not revoked, and counts failures', async () => {
    const { record } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      notBefore: later(10),
      expiresAt: later(60),
      oneTimeUse: false,
    });
    expect(await recordLoginTokenSuccess(db.sql, record.id, now)).toBe(false);
    expect(await recordLoginTokenSuccess(db.sql, record.id, later(10))).toBe(true);
    expect(await recordLoginTokenSuccess(db.sql, record.id, later(60))).toBe(false);
    await db.prisma.loginToken.update({ where: { id: record.id }, data: { revokedAt: now } });
    expect(await recordLoginTokenSuccess(db.sql, record.id, later(20))).toBe(false);
    await recordLoginTokenFailure(db.sql, record.id, later(30));
    const stored = await db.prisma.loginToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(stored).toMatchObject({ successfulAttempts: 1, failedAttempts: 1, lastAccessedAt: later(30) });
  });
  it('counts a success with the read when the token may be redeemed as read, and only then', async () => {
    const make = (over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
      createLoginToken(db.prisma, { clientId: 'storefront', customerId, expiresAt: later(60), oneTimeUse: true, ...over });
    const counted = async (id: string) =>
      (await db.prisma.loginToken.findUniqueOrThrow({ where: { id }, select: { successfulAttempts: true } })).successfulAttempts;
    const at = { clientId: 'storefront', ip: '198.51.100.1', now };

    const { token, record } = await make({ companyUserId, requestIp: '198.51.100.1' });
    const first = await redeemLoginTokenFacts(db.sql, token, at);
    // The facts as read (before the write), the same as findLoginTokenFacts reads.
    expect(first).toEqual({ ...(await findLoginTokenFacts(db.sql, token))!, successfulAttempts: 0, redeemed: true });
    expect(await counted(record.id)).toBe(1);
    expect((await redeemLoginTokenFacts(db.sql, token, at))?.redeemed).toBe(false);
    expect(await counted(record.id)).toBe(1);
    // Any client for the browser's login link (null); a reusable token every time.
    const reusable = await make({ oneTimeUse: false });
    for (const clientId of [null, 'storefront'])
      expect((await redeemLoginTokenFacts(db.sql, reusable.token, { ...at, clientId }))?.redeemed).toBe(true);
    expect(await counted(reusable.record.id)).toBe(2);
    expect((await redeemLoginTokenFacts(db.sql, (await make({ customerId: null })).token, at))?.redeemed).toBe(true);

    const refused: [string, Awaited<ReturnType<typeof make>>, Partial<typeof at>][] = [
      ['another client', await make(), { clientId: 'other' }],
      ['another IP', await make({ requestIp: '192.0.2.1' }), {}],
      ['not yet', await make({ notBefore: later(10) }), {}],
      ['expired', await make(), { now: later(60) }],
      ['revoked', await make(), {}],
      ['disabled customer', await make(), {}],
      ['disabled company user', await make({ companyUserId }), {}],
    ];
    await db.prisma.loginToken.update({ where: { id: refused[4]![1].record.id }, data: { revokedAt: now } });
    for (const [name, made, over] of refused) {
      if (name === 'disabled customer') await db.prisma.customer.update({ where: { id: customerId }, data: { status: 'disabled' } });
      if (name === 'disabled company user') {
        await db.prisma.customer.update({ where: { id: customerId }, data: { status: 'active' } });
        await db.prisma.companyUser.update({ where: { id: companyUserId }, data: { status: 'disabled' } });
      }
      const read = await redeemLoginTokenFacts(db.sql, made.token, { ...at, ...over });
      expect([name, read?.id, read?.redeemed, await counted(made.record.id)]).toEqual([name, made.record.id, false, 0]);
    }
    await db.prisma.companyUser.update({ where: { id: companyUserId }, data: { status: 'active' } });
    expect(await redeemLoginTokenFacts(db.sql, 'lkl_unknown', at)).toBeNull();
  });
});
