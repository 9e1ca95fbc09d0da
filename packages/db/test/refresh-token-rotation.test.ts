import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOidcPayloadStore,
  hashToken,
  loadCustomerWithCompanyUser,
  type RefreshRotation,
  type RefreshTokenPayload,
  rotateRefreshToken,
  type StoredSubject,
} from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

// The statement of a refresh in one round trip, on the database alone: what it rotates, what it leaves to the grant.
let db: TestDb;
const ids = { customer: '', cu: '', agent: '' };
const now = new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 250));
const nowS = Math.floor(now.getTime() / 1000);
const HOUR = 3600;

beforeAll(async () => {
  db = await createTestDb();
  const c = await db.prisma.customer.create({ data: { reference: 'R-1', email: 'c@example.com', firstName: 'C', lastName: 'D' } });
  const company = await db.prisma.company.create({ data: { name: 'ACME' } });
  const role = await db.prisma.companyRole.create({
    data: { companyId: company.id, name: 'Buyer', permissions: { create: [{ key: 'p' }] } },
  });
  const cu = await db.prisma.companyUser.create({ data: { customerId: c.id, companyId: company.id, roleId: role.id } });
  const agent = await db.prisma.agent.create({ data: { email: 'a@example.com', firstName: 'A', lastName: 'B' } });
  Object.assign(ids, { customer: c.id, cu: cu.id, agent: agent.id });
});
afterAll(() => db.dispose());

const store = () => createOidcPayloadStore(db.sql, () => now);
let n = 0;

/** A grant with one refresh token as the auth server writes them; returns the token's value. */
async function session(subject: StoredSubject | undefined, options: { iiat?: number; ttl?: number; scope?: string } = {}) {
  n += 1;
  const grantId = `grant-${n}`;
  const value = `rt-${n}`;
  const payload: Omit<RefreshTokenPayload, 'session'> & { session?: StoredSubject } = {
    kind: 'RefreshToken',
    iat: nowS - 60,
    exp: nowS - 60 + (options.ttl ?? HOUR),
    clientId: 'shop',
    accountId: ids.customer,
    grantId,
    gty: 'password',
    scope: options.scope ?? 'storefront cart',
    iiat: options.iiat ?? nowS - 60,
    rotations: 2,
    expiresWithSession: false,
    ...(subject ? { session: subject } : {}),
  };
  await store().upsert('Grant', grantId, { accountId: ids.customer }, 10 * HOUR);
  await store().upsert('RefreshToken', value, payload, options.ttl ?? HOUR);
  return { value, payload };
}

const customer = (): Extract<StoredSubject, { subject: 'customer' }> => ({
  subject: 'customer',
  customerId: ids.customer,
  companyUserId: ids.cu,
});
const rotation = (value: string, over: Partial<RefreshRotation> = {}): RefreshRotation => ({
  value,
  successor: `${value}-next`,
  clientId: 'shop',
  scopes: [],
  idleUntil: new Date(now.getTime() + 600_000),
  absoluteTtlSeconds: 10 * HOUR,
  now,
  ...over,
});
const row = (value: string) => db.prisma.oidcPayload.findUnique({ where: { kind_id: { kind: 'RefreshToken', id: hashToken(value) } } });

describe('a refresh in one statement', () => {
  it("rotates a customer's own session: consumes the token, stores the successor, returns the facts", async () => {
    const { value, payload } = await session(customer());
    const attempt = await rotateRefreshToken(db.sql, rotation(value, { scopes: ['cart'] }));
    expect(attempt).toMatchObject({ outcome: 'rotated', payload, consumedAt: null });
    expect(attempt?.facts).toEqual(await loadCustomerWithCompanyUser(db.sql, ids.customer, ids.cu));
    expect((await row(value))?.consumedAt).toEqual(now);
    const next = await row(`${value}-next`);
    // What refreshTokenRecord writes: the token's payload, issued now, idle-bounded, one rotation more.
    expect(next?.payload).toEqual({ ...payload, iat: nowS, exp: nowS + 600, rotations: 3 });
    expect([next?.grantId, next?.accountId, next?.clientId, next?.consumedAt]).toEqual([payload.grantId, ids.customer, 'shop', null]);
    expect(next?.expiresAt).toEqual(new Date(now.getTime() + 600_000));
    expect(next?.createdAt).toEqual(now);
    // Presented again, it is read consumed and left to the grant's reuse rules.
    expect(await rotateRefreshToken(db.sql, rotation(value))).toMatchObject({ outcome: 'untouched', consumedAt: now });
  });

  it("bounds the successor by the session's absolute end, and at that end consumes the token with no successor", async () => {
    const capped = await session(customer(), { iiat: nowS - 10 * HOUR + 120 });
    expect((await rotateRefreshToken(db.sql, rotation(capped.value)))?.outcome).toBe('rotated');
    expect((await row(`${capped.value}-next`))?.payload).toMatchObject({ exp: nowS + 120 });
    const ending = await session(customer(), { iiat: nowS - 10 * HOUR });
    expect((await rotateRefreshToken(db.sql, rotation(ending.value)))?.outcome).toBe('ended');
    expect((await row(ending.value))?.consumedAt).toEqual(now);
    expect(await row(`${ending.value}-next`)).toBeNull();
  });

  it('leaves untouched what it may not decide: another client, a widened scope, an expired token', async () => {
    const { value } = await session(customer());
    expect((await rotateRefreshToken(db.sql, rotation(value, { clientId: 'other' })))?.outcome).toBe('untouched');
    expect((await rotateRefreshToken(db.sql, rotation(value, { scopes: ['cart', 'admin:write'] })))?.outcome).toBe('untouched');
    const later = new Date(now.getTime() + HOUR * 1000);
    expect(await rotateRefreshToken(db.sql, rotation(value, { now: later }))).toMatchObject({
      outcome: 'untouched',
      expiresAt: expect.any(Date),
    });
    expect((await row(value))?.consumedAt).toBeNull();
    expect(await row(`${value}-next`)).toBeNull();
  });

  it('leaves the sessions whose successor or claims need more reads to the grant: code flow, agents, impersonation', async () => {
    const act = { sub: ids.agent, sub_type: 'agent' as const };
    for (const subject of [
      undefined,
      { subject: 'agent', agentId: ids.agent } as const,
      { subject: 'anonymous', loginTokenId: ids.agent } as const,
      { ...customer(), act },
    ] satisfies (StoredSubject | undefined)[]) {
      const { value } = await session(subject);
      expect((await rotateRefreshToken(db.sql, rotation(value)))?.outcome).toBe('untouched');
      expect((await row(value))?.consumedAt).toBeNull();
    }
  });

  it('knows no token whose grant is gone, nor an unknown one', async () => {
    const { value, payload } = await session(customer());
    await db.prisma.oidcPayload.delete({ where: { kind_id: { kind: 'Grant', id: payload.grantId } } });
    expect(await rotateRefreshToken(db.sql, rotation(value))).toBeNull();
    expect((await row(value))?.consumedAt).toBeNull();
    expect(await rotateRefreshToken(db.sql, rotation('unknown'))).toBeNull();
  });
});
