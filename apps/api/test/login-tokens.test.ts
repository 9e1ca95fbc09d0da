import { parsePolicy } from '@latchkey/core';
import { createLoginToken, hashToken } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaller } from '../src/index.js';
import { clientFixture, createHarness, customerFixture, expectInvalid, failure, type Harness, latchkeyCode, testPolicy } from './setup.js';

let h: Harness;
let customer: Awaited<ReturnType<typeof customerFixture>>;
let companyUserId: string;
const MISSING = '00000000-0000-7000-8000-000000000000';
const DAY = 24 * 3600 * 1000;
const at = (ms: number) => new Date(h.clock.now.getTime() + ms).toISOString();

beforeAll(async () => {
  h = await createHarness();
  await clientFixture(h, 'storefront');
  customer = await customerFixture(h, 'contact@example.com', ['Carla', 'Contact']);
  const company = await h.admin.companies.create({ name: 'Punchout GmbH' });
  companyUserId = (await h.admin.companyUsers.create({ customerId: customer.id, companyId: company.id })).id;
});
afterAll(() => h.dispose());

describe('login tokens: create', () => {
  it('answers the token value once; the store keeps only its hash', async () => {
    const created = await h.admin.loginTokens.create({ clientId: 'storefront', customerId: customer.id, extra: { note: 'sales call' } });
    expect(created.token).toMatch(/^lkl_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      clientId: 'storefront',
      customerId: customer.id,
      companyUserId: null,
      subjectType: 'customer',
      subjectName: 'Carla Contact',
      subjectEmail: 'contact@example.com',
      oneTimeUse: true,
      notBefore: null,
      expiresAt: at(30 * DAY),
      successfulAttempts: 0,
      failedAttempts: 0,
      lastAccessedAt: null,
      extra: { note: 'sales call' },
      createdBy: 'backoffice',
      revoked: false,
    });
    const row = await h.db.prisma.loginToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));

    const { token, ...withoutToken } = created;
    const later = [
      await h.admin.loginTokens.get({ id: created.id }),
      await h.admin.loginTokens.list({ ids: [created.id] }),
      await h.admin.loginTokens.update({ id: created.id, extra: { note: 'called back' } }),
      await h.admin.audit.list({ subjectId: created.id }),
    ];
    expect(later[0]).toEqual(withoutToken);
    for (const answer of later) {
      const json = JSON.stringify(answer);
      expect(json).not.toContain(token);
      expect(json).not.toContain(row.tokenHash);
      expect(json).not.toMatch(/"token(Hash)?"/);
    }
    const auditRows = await h.db.prisma.auditEvent.findMany({ where: { subjectId: created.id } });
    expect(auditRows.map((r) => r.action).sort()).toEqual(['login_token.create', 'login_token.update']);
    expect(JSON.stringify(auditRows)).not.toContain(token);
  });

  it('creates tokens for a company user (a contact) and anonymous ones', async () => {
    const contact = await h.admin.loginTokens.create({ clientId: 'storefront', companyUserId, oneTimeUse: false });
    expect(contact).toMatchObject({
      subjectType: 'company_user',
      customerId: customer.id,
      companyUserId,
      subjectName: 'Carla Contact',
      companyName: 'Punchout GmbH',
      oneTimeUse: false,
    });
    const anonymous = await h.admin.loginTokens.create({
      clientId: 'storefront',
      extra: { oci: { HOOK_URL: 'https://procurement.example.com/hook' } },
    });
    expect(anonymous).toMatchObject({
      subjectType: 'anonymous',
      customerId: null,
      companyUserId: null,
      subjectName: null,
      subjectEmail: null,
    });
  });

  it('takes a validity window and a request IP, within the policy', async () => {
    const windowed = await h.admin.loginTokens.create({
      clientId: 'storefront',
      notBefore: at(DAY),
      expiresAt: new Date(h.clock.now.getTime() + 2 * DAY),
      requestIp: '198.51.100.4',
    });
    expect(windowed).toMatchObject({ notBefore: at(DAY), expiresAt: at(2 * DAY), requestIp: '198.51.100.4' });
    // A cap is policy: none by default, here the 30 days Latchkey used to impose.
    const capped = createCaller({
      ...h.context(),
      policy: { ...testPolicy, loginToken: { ...testPolicy.loginToken, maxLifetimeSeconds: 30 * 86400 } },
    });
    expect((await h.admin.loginTokens.create({ clientId: 'storefront', expiresAt: at(31 * DAY) })).expiresAt).toBe(at(31 * DAY));
    const tooLong = await failure(capped.loginTokens.create({ clientId: 'storefront', expiresAt: at(31 * DAY) }));
    expect([tooLong.code, latchkeyCode(tooLong)]).toEqual(['BAD_REQUEST', 'login_token_lifetime_exceeded']);
    expect(tooLong.message).toContain('login_token_lifetime_exceeded');
    const past = await failure(h.admin.loginTokens.create({ clientId: 'storefront', expiresAt: at(-1000) }));
    expect(past).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('login_token_window_invalid') });
    expect(latchkeyCode(past)).toBe('login_token_window_invalid');
    const inverted = await failure(h.admin.loginTokens.create({ clientId: 'storefront', notBefore: at(2 * DAY), expiresAt: at(DAY) }));
    expect(latchkeyCode(inverted)).toBe('login_token_window_invalid');
  });

  it('refuses unknown references and bad input', async () => {
    expect((await failure(h.admin.loginTokens.create({ clientId: 'nobody' }))).code).toBe('BAD_REQUEST');
    expect((await failure(h.admin.loginTokens.create({ clientId: 'storefront', customerId: MISSING }))).code).toBe('BAD_REQUEST');
    const missing = await failure(h.admin.loginTokens.create({ clientId: 'storefront', companyUserId: MISSING }));
    expect(missing).toMatchObject({ code: 'BAD_REQUEST', message: 'company user not found' });
    expect(latchkeyCode(missing)).toBe('company_user_not_found');
    const other = await customerFixture(h, 'other@example.com');
    const foreign = await failure(h.admin.loginTokens.create({ clientId: 'storefront', customerId: other.id, companyUserId }));
    expect(foreign).toMatchObject({ code: 'BAD_REQUEST', message: 'company user does not belong to the customer' });
    expect(latchkeyCode(foreign)).toBe('company_user_not_owned');
    await expectInvalid(h.admin.loginTokens.create({ clientId: 'storefront', extra: { blob: 'x'.repeat(8 * 1024) } }), ['extra']);
    await expectInvalid(h.admin.loginTokens.create({ clientId: 'storefront', requestIp: 'localhost' }), ['requestIp']);
    await expectInvalid(h.admin.loginTokens.create({ clientId: 'storefront', expiresAt: 'tomorrow' }), ['expiresAt']);
    expect(await h.db.prisma.loginToken.count({ where: { clientId: 'nobody' } })).toBe(0);
  });
});

describe('login tokens: update and delete', () => {
  it('revokes and restores, edits the window, extra, one-time use and request IP', async () => {
    const { id } = await h.admin.loginTokens.create({ clientId: 'storefront', customerId: customer.id, requestIp: '198.51.100.4' });
    const revoked = await h.admin.loginTokens.update({ id, revoked: true });
    expect(revoked).toMatchObject({ revoked: true, revokedAt: h.clock.now.toISOString() });
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    expect((await h.admin.loginTokens.update({ id, revoked: true })).revokedAt).toBe(revoked.revokedAt);
    expect(await h.admin.loginTokens.update({ id, revoked: false })).toMatchObject({ revoked: false, revokedAt: null });

    const edited = await h.admin.loginTokens.update({ id, expiresAt: at(DAY), oneTimeUse: false, extra: ['a', 1], requestIp: null });
    expect(edited).toMatchObject({ expiresAt: at(DAY), oneTimeUse: false, extra: ['a', 1], requestIp: null });
    expect((await h.admin.loginTokens.update({ id, extra: null })).extra).toBeNull();
    expect(await h.admin.loginTokens.update({ id, notBefore: at(3600_000) })).toMatchObject({
      notBefore: at(3600_000),
      expiresAt: at(DAY),
    });
    const capped = createCaller({ ...h.context(), policy: parsePolicy({ loginToken: { maxLifetimeSeconds: 30 * 86400 } }) });
    expect(latchkeyCode(await failure(capped.loginTokens.update({ id, expiresAt: at(40 * DAY) })))).toBe('login_token_lifetime_exceeded');
    expect(latchkeyCode(await failure(h.admin.loginTokens.update({ id, notBefore: at(2 * DAY) })))).toBe('login_token_window_invalid');
    expect((await failure(h.admin.loginTokens.update({ id: MISSING, revoked: true }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.loginTokens.get({ id: MISSING }))).code).toBe('NOT_FOUND');
  });

  it('deletes the selected tokens, skipping ids that do not exist, with an audit row each', async () => {
    const a = await h.admin.loginTokens.create({ clientId: 'storefront' });
    const b = await h.admin.loginTokens.create({ clientId: 'storefront' });
    const kept = await h.admin.loginTokens.create({ clientId: 'storefront' });
    expect(await h.admin.loginTokens.delete({ ids: [a.id, b.id, MISSING] })).toEqual({
      count: 2,
      ids: expect.arrayContaining([a.id, b.id]),
    });
    expect((await failure(h.admin.loginTokens.get({ id: a.id }))).code).toBe('NOT_FOUND');
    expect((await h.admin.loginTokens.get({ id: kept.id })).id).toBe(kept.id);
    const rows = await h.db.prisma.auditEvent.findMany({ where: { action: 'login_token.delete' } });
    expect(rows.map((r) => r.subjectId).sort()).toEqual([a.id, b.id].sort());
    await expectInvalid(h.admin.loginTokens.delete({ ids: [] }), ['ids']);
    await expectInvalid(h.admin.loginTokens.delete({ ids: Array.from({ length: 201 }, () => MISSING) }), ['ids']);
  });
});

describe('login tokens: reveal, default client, lock', () => {
  it('reveals the created value, audited, and says a value made before values were kept is not kept', async () => {
    const created = await h.admin.loginTokens.create({ clientId: 'storefront', customerId: customer.id });
    expect(created.valueKept).toBe(true);
    expect(await h.admin.loginTokens.reveal({ id: created.id })).toEqual({ id: created.id, token: created.token });
    const rows = await h.db.prisma.auditEvent.findMany({ where: { subjectId: created.id, action: 'login_token.reveal' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: 'client', actorId: 'backoffice', clientId: 'backoffice', details: null });
    const stored = await h.db.prisma.loginToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenEnc).not.toContain(created.token.slice(4));

    const { record } = await createLoginToken(h.db.prisma, { clientId: 'storefront', expiresAt: null, oneTimeUse: true });
    expect((await h.admin.loginTokens.get({ id: record.id })).valueKept).toBe(false);
    const old = await failure(h.admin.loginTokens.reveal({ id: record.id }));
    expect(old.code).toBe('NOT_FOUND');
    expect(old.message).toMatch(/not kept/);
    expect((await failure(h.admin.loginTokens.reveal({ id: MISSING }))).code).toBe('NOT_FOUND');
  });

  it('takes the default client when none is named, and refuses when none is set', async () => {
    await expectInvalid(h.admin.loginTokens.create({ customerId: customer.id }), ['clientId']);
    await h.admin.clients.create({ id: 'webshop', name: 'Webshop', type: 'public', grantTypes: ['password'], loginTokenDefault: true });
    expect((await h.admin.loginTokens.create({ customerId: customer.id })).clientId).toBe('webshop');
    await h.admin.clients.update({ id: 'storefront', loginTokenDefault: true });
    expect((await h.admin.clients.get({ id: 'webshop' })).loginTokenDefault).toBe(false);
    expect((await h.admin.loginTokens.create({})).clientId).toBe('storefront');
    await h.admin.clients.update({ id: 'storefront', loginTokenDefault: false });
  });

  it('locks the company user when asked or when policy says so, and filters by it', async () => {
    const locked = await h.admin.loginTokens.create({ clientId: 'storefront', companyUserId, lockCompanyUser: true });
    expect(locked.lockCompanyUser).toBe(true);
    const byPolicy = createCaller({ ...h.context(), policy: parsePolicy({ loginToken: { lockCompanyUser: true } }) });
    expect((await byPolicy.loginTokens.create({ clientId: 'storefront', companyUserId })).lockCompanyUser).toBe(true);
    expect((await h.admin.loginTokens.update({ id: locked.id, lockCompanyUser: false })).lockCompanyUser).toBe(false);
    const list = await h.admin.loginTokens.list({ lockCompanyUser: true });
    expect(list.items.every((t) => t.lockCompanyUser)).toBe(true);
  });

  it('finds tokens by any part of their user’s name or e-mail, or the contact’s company', async () => {
    const mine = await h.admin.loginTokens.create({ clientId: 'storefront', companyUserId });
    const found = await h.admin.loginTokens.list({ search: 'CARLA cont', ids: [mine.id] });
    expect(found.items.map((t) => t.id)).toEqual([mine.id]);
    expect((await h.admin.loginTokens.list({ search: 'punchout', ids: [mine.id] })).items).toHaveLength(1);
    expect((await h.admin.loginTokens.list({ search: 'nobody-like-this', ids: [mine.id] })).items).toHaveLength(0);
  });
});
