import { defaultPolicy, refreshTokenExpiry, tokenPolicyFor } from '@latchkey/core';
import { hashToken, type RefreshTokenPayload } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
import { refreshTokenRecord } from '../src/provider/internals/index.js';
import { parseSubject } from '../src/subjects/subject.js';
import { createClient, createCompanyUser, createCustomer } from '../src/testing.js';
import { isPostgres, manualClock, useAuthServer } from './setup.js';

const clock = manualClock();
let customerId = '';
let roleId = '';
let companyUserId = '';

const t = useAuthServer({ clock: clock.now }, async (db) => {
  await createClient(db, { scopes: ['storefront', 'cart'] });
  await createClient(db, { id: 'strict', overrides: { refreshReuseGraceSeconds: 0 } });
  await createClient(db, { id: 'short', overrides: { refreshTokenIdleTtlSeconds: 60, refreshTokenAbsoluteTtlSeconds: 100 } });
  await createClient(db, { id: 'other' });
  const customer = await createCustomer(db);
  customerId = customer.id;
  const { role, companyUser } = await createCompanyUser(db, customer.id);
  roleId = role.id;
  companyUserId = companyUser.id;
});

async function login(clientId = 'storefront') {
  const { body } = await t.token({ grant_type: 'password', client_id: clientId, username: 'sonia@example.com', password: 'change123' });
  return String(body.refresh_token);
}
const refresh = (token: string, clientId = 'storefront', extra: Record<string, string> = {}) =>
  t.token({ grant_type: 'refresh_token', client_id: clientId, refresh_token: token, ...extra });
const grantOf = async (token: string) => {
  const row = await t.db.prisma.oidcPayload.findUniqueOrThrow({ where: { kind_id: { kind: 'RefreshToken', id: hashToken(token) } } });
  return String(row.grantId);
};
const rowOf = (token: string) => t.db.prisma.oidcPayload.findUnique({ where: { kind_id: { kind: 'RefreshToken', id: hashToken(token) } } });
const grantRows = (grantId: string) => t.db.prisma.oidcPayload.count({ where: { OR: [{ grantId }, { kind: 'Grant', id: grantId }] } });

describe('refresh token rotation', () => {
  it('rotates on every use and re-issues the claims', async () => {
    const first = await login();
    const { status, body } = await refresh(first);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'storefront cart', id_company_user: companyUserId });
    expect(body.refresh_token).not.toBe(first);
    expect(await t.verify(String(body.access_token))).toMatchObject({
      sub: customerId,
      id_company_user: companyUserId,
      sub_type: 'customer',
    });
    expect((await refresh(String(body.refresh_token))).status).toBe(200);
  });

  it('answers a replay inside the grace window with the same successor, not a second one', async () => {
    const first = await login();
    const rotated = await refresh(first);
    const replayed = await refresh(first);
    expect(replayed.status).toBe(200);
    expect(replayed.body.refresh_token).toBe(rotated.body.refresh_token);
    expect(replayed.body.access_token).not.toBe(rotated.body.access_token);
    expect((await refresh(String(replayed.body.refresh_token))).status).toBe(200);
  });

  it('revokes the whole family when a used token comes back after the window', async () => {
    const first = await login();
    const second = String((await refresh(first)).body.refresh_token);
    clock.advance(6);
    expect(await refresh(first)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'refresh token was already used', latchkey_code: 'refresh_reuse_detected' },
    });
    expect(await refresh(second)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'refresh token is invalid or expired', latchkey_code: 'refresh_token_invalid' },
    });
  });

  it('stores refresh tokens only as hashes', async () => {
    const token = await login();
    const rows = await t.db.prisma.oidcPayload.findMany({ where: { kind: 'RefreshToken' } });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(await grantOf(token)).toMatch(/.+/);
  });

  it('revokes when the successor was already used, even inside the window', async () => {
    const first = await login();
    const second = String((await refresh(first)).body.refresh_token);
    const third = String((await refresh(second)).body.refresh_token);
    expect((await refresh(first)).body.latchkey_code).toBe('refresh_reuse_detected');
    expect((await refresh(third)).body.latchkey_code).toBe('refresh_token_invalid');
  });

  it('revokes on the first replay for a client without a grace window', async () => {
    const first = await login('strict');
    const second = String((await refresh(first, 'strict')).body.refresh_token);
    expect((await refresh(first, 'strict')).body.latchkey_code).toBe('refresh_reuse_detected');
    expect((await refresh(second, 'strict')).body.latchkey_code).toBe('refresh_token_invalid');
  });

  it('refuses unknown tokens and tokens of another client', async () => {
    expect((await refresh('x'.repeat(43))).body).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token is invalid or expired',
      latchkey_code: 'refresh_token_invalid',
    });
    const token = await login();
    expect((await refresh(token, 'other')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token was issued to another client',
      latchkey_code: 'refresh_token_wrong_client',
    });
    // Refused, it was not consumed: its own client still rotates it (a consumed one would be a reuse, its successor missing).
    expect((await rowOf(token))?.consumedAt).toBeNull();
    expect((await refresh(token)).status).toBe(200);
  });

  it('stores the successor as the payload writer does, in the statement that consumes the token', async () => {
    const first = await login();
    const before = (await rowOf(first))!.payload as RefreshTokenPayload;
    const second = String((await refresh(first)).body.refresh_token);
    const stored = (await rowOf(second))!;
    const now = clock.now();
    const startedAt = new Date(before.iiat * 1000);
    const written = refreshTokenRecord({
      value: second,
      clientId: 'storefront',
      accountId: customerId,
      subject: parseSubject(before.session)!,
      grantId: before.grantId,
      gty: before.gty,
      scope: before.scope,
      sessionStartedAt: startedAt,
      rotations: before.rotations + 1,
      expiresAt: refreshTokenExpiry(startedAt, now, tokenPolicyFor(defaultPolicy, 'storefront', {})),
      now,
    })!;
    const payload = stored.payload as RefreshTokenPayload;
    expect({ ...payload, session: parseSubject(payload.session) }).toEqual(written.payload);
    expect([stored.grantId, stored.accountId, stored.clientId, stored.consumedAt]).toEqual([
      before.grantId,
      customerId,
      'storefront',
      null,
    ]);
    expect(stored.expiresAt).toEqual(new Date(now.getTime() + written.ttl * 1000));
    expect((await rowOf(first))?.consumedAt).toEqual(now);
  });

  it('lets the scope narrow but never widen', async () => {
    const first = await login();
    const narrowed = await refresh(first, 'storefront', { scope: 'cart' });
    expect(narrowed.body.scope).toBe('cart');
    expect((await t.verify(String(narrowed.body.access_token))).scope).toBe('cart');
    expect((await refresh(String(narrowed.body.refresh_token))).body.scope).toBe('storefront cart');
    const token = await login();
    expect((await refresh(token, 'storefront', { scope: 'cart admin:write' })).body).toMatchObject({
      error: 'invalid_scope',
      latchkey_code: 'scope_not_allowed',
    });
    expect((await rowOf(token))?.consumedAt).toBeNull();
    expect((await refresh(token, 'storefront', { scope: 'cart' })).status).toBe(200);
  });

  it('ends the session at the absolute lifetime however often it refreshes', async () => {
    let token = await login('short');
    clock.advance(50);
    token = String((await refresh(token, 'short')).body.refresh_token);
    clock.advance(51);
    expect((await refresh(token, 'short')).body.latchkey_code).toBe('refresh_token_invalid');
  });

  it("at the session's absolute end, consumes the token and issues an access token without a successor", async () => {
    // Mid-second, so the last token outlives the session's last whole second (a token's exp is in whole seconds).
    clock.advance(((1500 - (clock.now().getTime() % 1000)) % 1000) / 1000);
    const first = await login('short');
    const endsAt = (Math.floor(clock.now().getTime() / 1000) + 100) * 1000;
    clock.advance(50);
    const last = String((await refresh(first, 'short')).body.refresh_token);
    clock.advance((endsAt - clock.now().getTime()) / 1000);
    const ended = await refresh(last, 'short');
    expect(ended.status).toBe(200);
    expect(ended.body.access_token).toEqual(expect.any(String));
    expect(ended.body.refresh_token).toBeUndefined();
    expect((await rowOf(last))?.consumedAt).toEqual(clock.now());
    expect(await t.db.prisma.oidcPayload.count({ where: { kind: 'RefreshToken', grantId: await grantOf(last), consumedAt: null } })).toBe(
      0,
    );
  });

  it('dies with its idle lifetime', async () => {
    const token = await login('short');
    clock.advance(61);
    expect((await refresh(token, 'short')).body.latchkey_code).toBe('refresh_token_invalid');
  });
});

describe('claims are re-read on refresh', () => {
  it('shows changed role permissions in the next access token', async () => {
    const first = await login();
    await t.db.prisma.companyRolePermission.create({ data: { roleId, key: 'place_order', configuration: { limit: 1000 } } });
    const { body } = await refresh(first);
    const permissions = (await t.verify(String(body.access_token))).permissions as { key: string }[];
    expect(permissions.map((p) => p.key)).toContain('place_order');
  });

  it('refuses a disabled customer and ends the grant', async () => {
    const first = await login();
    const grantId = await grantOf(first);
    expect(await grantRows(grantId)).toBe(2);
    await t.db.prisma.customer.update({ where: { id: customerId }, data: { status: 'disabled' } });
    try {
      expect(await refresh(first)).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: 'customer is disabled', latchkey_code: 'customer_disabled' },
      });
    } finally {
      await t.db.prisma.customer.update({ where: { id: customerId }, data: { status: 'active' } });
    }
    expect(await grantRows(grantId)).toBe(0);
  });

  it('refuses a removed company user', async () => {
    const first = await login();
    await t.db.prisma.companyUser.delete({ where: { id: companyUserId } });
    expect((await refresh(first)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'company user no longer exists',
      latchkey_code: 'company_user_disabled',
    });
  });
});

describe(`concurrent refreshes (${isPostgres() ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('never fork a family: 20 at once yield one successor', async () => {
    await t.db.prisma.companyUser.deleteMany({ where: { customerId } });
    const first = await login();
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(first)));
    const successors = new Set(results.map((r) => r.body.refresh_token));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(successors.size).toBe(1);
    const [successor] = successors;
    expect((await refresh(String(successor))).status).toBe(200);
  });

  it('with no grace window, let exactly one of 20 through and revoke the family', async () => {
    const first = await login('strict');
    const results = await Promise.all(Array.from({ length: 20 }, () => refresh(first, 'strict')));
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(new Set(winners.map((r) => r.body.refresh_token)).size).toBe(1);
    expect((await refresh(String(winners[0]!.body.refresh_token), 'strict')).status).toBe(400);
  });
});
