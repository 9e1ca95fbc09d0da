import { hashToken } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
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
    expect((await refresh(await login(), 'other')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'refresh token was issued to another client',
      latchkey_code: 'refresh_token_wrong_client',
    });
  });

  it('lets the scope narrow but never widen', async () => {
    const first = await login();
    const narrowed = await refresh(first, 'storefront', { scope: 'cart' });
    expect(narrowed.body.scope).toBe('cart');
    expect((await t.verify(String(narrowed.body.access_token))).scope).toBe('cart');
    expect((await refresh(String(narrowed.body.refresh_token))).body.scope).toBe('storefront cart');
    expect((await refresh(await login(), 'storefront', { scope: 'cart admin:write' })).body).toMatchObject({
      error: 'invalid_scope',
      latchkey_code: 'scope_not_allowed',
    });
  });

  it('ends the session at the absolute lifetime however often it refreshes', async () => {
    let token = await login('short');
    clock.advance(50);
    token = String((await refresh(token, 'short')).body.refresh_token);
    clock.advance(51);
    expect((await refresh(token, 'short')).body.latchkey_code).toBe('refresh_token_invalid');
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
