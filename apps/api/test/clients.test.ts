import { createSecretBox, hashToken, tokenMatches } from '@latchkey/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, expectInvalid, failure, type Harness, latchkeyCode, SECRET_KEY } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const confidential = (id: string, extra: Record<string, unknown> = {}) =>
  h.admin.clients.create({
    id,
    name: `Client ${id}`,
    type: 'confidential',
    grantTypes: ['client_credentials'],
    scopes: ['admin:read'],
    ...extra,
  });

describe('clients', () => {
  it('shows a confidential client its secret once, stores only its hash, and never answers it again', async () => {
    const { client, clientSecret } = await confidential('erp-sync');
    expect(clientSecret).toMatch(/^lks_[A-Za-z0-9_-]{43}$/);
    expect(client).toMatchObject({
      id: 'erp-sync',
      type: 'confidential',
      hasSecret: true,
      hasLoginLinkSecret: false,
      subjectType: 'customer',
      status: 'active',
    });
    const row = await h.db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: 'erp-sync' } });
    expect(tokenMatches(clientSecret!, row.secretHash!)).toBe(true);
    expect(JSON.stringify(row)).not.toContain(clientSecret);

    const later = [
      await h.admin.clients.get({ id: 'erp-sync' }),
      await h.admin.clients.list(),
      await h.admin.clients.update({ id: 'erp-sync', name: 'ERP' }),
      await h.admin.audit.list(),
    ];
    for (const answer of later) {
      const json = JSON.stringify(answer);
      expect(json).not.toContain(clientSecret);
      expect(json).not.toContain(row.secretHash);
    }
  });

  it('rotates a secret: the new one is answered once and the old one stops matching', async () => {
    const { clientSecret: first } = await confidential('rotating');
    const rotated = await h.admin.clients.rotateSecret({ id: 'rotating' });
    expect(rotated.clientSecret).not.toBe(first);
    expect(rotated.client.secretRotatedAt).toBe(h.clock.now.toISOString());
    const row = await h.db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: 'rotating' } });
    expect(row.secretHash).toBe(hashToken(rotated.clientSecret));
    expect(tokenMatches(first!, row.secretHash!)).toBe(false);
    expect(JSON.stringify(await h.admin.clients.get({ id: 'rotating' }))).not.toContain(rotated.clientSecret);
    expect(JSON.stringify(await h.admin.audit.list({ subjectId: 'rotating' }))).not.toContain(rotated.clientSecret);
  });

  it('gives a public client no secret, and refuses to rotate one', async () => {
    const { client, clientSecret } = await h.admin.clients.create({
      name: 'Storefront SPA',
      type: 'public',
      grantTypes: ['password', 'refresh_token'],
      corsOrigins: ['https://shop.example.com', 'http://localhost:5173'],
    });
    expect(clientSecret).toBeNull();
    expect(client.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(client).toMatchObject({ hasSecret: false, corsOrigins: ['https://shop.example.com', 'http://localhost:5173'] });
    const refused = await failure(h.admin.clients.rotateSecret({ id: client.id }));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: 'a public client has no secret' });
    expect(latchkeyCode(refused)).toBe('client_has_no_secret');
  });

  it('seals the login-link secret and only says whether there is one', async () => {
    const loginLinkSecret = 'an-hs256-key-that-is-long-enough-0123456789';
    const { client } = await h.admin.clients.create({
      id: 'bc-login',
      name: 'Login links',
      type: 'public',
      grantTypes: ['password'],
      loginLinkSecret,
      baseUrl: 'https://shop.example.com',
      redirectAllowList: ['https://shop.example.com/account'],
      landingUrl: 'https://shop.example.com/',
      loginUrl: 'https://shop.example.com/login',
    });
    expect(client.hasLoginLinkSecret).toBe(true);
    expect(JSON.stringify(client)).not.toContain(loginLinkSecret);
    const row = await h.db.prisma.oAuthClient.findUniqueOrThrow({ where: { id: 'bc-login' } });
    expect(row.loginLinkSecretEnc).not.toContain(loginLinkSecret);
    expect(createSecretBox(SECRET_KEY).open(row.loginLinkSecretEnc!)).toBe(loginLinkSecret);
    expect(JSON.stringify(await h.admin.audit.list({ subjectId: 'bc-login' }))).not.toContain(loginLinkSecret);
    expect((await h.admin.clients.update({ id: 'bc-login', loginLinkSecret: null })).hasLoginLinkSecret).toBe(false);
    await expectInvalid(h.admin.clients.update({ id: 'bc-login', loginLinkSecret: 'too short' }), ['loginLinkSecret']);
  });

  it('validates grant types, redirect URIs, origins, scopes and TTL overrides', async () => {
    const base = { name: 'x', type: 'public' as const, grantTypes: ['password' as const] };
    await expectInvalid(h.admin.clients.create({ ...base, grantTypes: ['client_credentials'] }), ['grantTypes']);
    await expectInvalid(h.admin.clients.create({ ...base, grantTypes: ['authorization_code'] }), ['redirectUris']);
    // @ts-expect-error -- not a grant type Latchkey knows
    await expectInvalid(h.admin.clients.create({ ...base, grantTypes: ['implicit'] }), ['grantTypes', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, corsOrigins: ['https://shop.example.com/'] }), ['corsOrigins', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, corsOrigins: ['https://shop.example.com/path'] }), ['corsOrigins', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, redirectUris: ['https://app.example.com/cb#frag'] }), ['redirectUris', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, redirectUris: ['javascript:alert(1)'] }), ['redirectUris', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, scopes: ['has space'] }), ['scopes', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, scopes: ['quote"d'] }), ['scopes', 0]);
    await expectInvalid(h.admin.clients.create({ ...base, id: 'a b' }), ['id']);
    await expectInvalid(h.admin.clients.create({ ...base, accessTokenTtlSeconds: 0 }), ['accessTokenTtlSeconds']);
    await expectInvalid(h.admin.clients.create({ ...base, refreshReuseGraceSeconds: 61 }), ['refreshReuseGraceSeconds']);
    await expectInvalid(h.admin.clients.create({ ...base, refreshTokenIdleTtlSeconds: 2 ** 31 }), ['refreshTokenIdleTtlSeconds']);
    await expectInvalid(h.admin.clients.create({ ...base, baseUrl: 'ftp://files.example.com' }), ['baseUrl']);

    const native = await h.admin.clients.create({
      ...base,
      id: 'native-app',
      grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['com.example.app:/callback'],
      accessTokenTtlSeconds: 300,
      refreshReuseGraceSeconds: 0,
    });
    expect(native.client).toMatchObject({
      redirectUris: ['com.example.app:/callback'],
      accessTokenTtlSeconds: 300,
      refreshReuseGraceSeconds: 0,
      refreshTokenIdleTtlSeconds: null,
    });
    // Rules across fields hold after an update is merged in.
    await expectInvalid(h.admin.clients.update({ id: 'native-app', redirectUris: [] }), ['redirectUris']);
    await expectInvalid(h.admin.clients.update({ id: 'native-app', grantTypes: ['client_credentials'] }), ['grantTypes']);
    expect(
      (await h.admin.clients.update({ id: 'native-app', accessTokenTtlSeconds: null, scopes: ['openid', 'openid', 'offline_access'] }))
        .accessTokenTtlSeconds,
    ).toBeNull();
    expect((await h.admin.clients.get({ id: 'native-app' })).scopes).toEqual(['openid', 'offline_access']);
  });

  it('answers CONFLICT, NOT_FOUND, and lists with filters', async () => {
    expect((await failure(confidential('erp-sync'))).code).toBe('CONFLICT');
    expect((await failure(h.admin.clients.get({ id: 'nobody' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.clients.update({ id: 'nobody', name: 'x' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.clients.rotateSecret({ id: 'nobody' }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.clients.delete({ id: 'nobody' }))).code).toBe('NOT_FOUND');
    const ids = (items: { id: string }[]) => items.map((c) => c.id).sort();
    expect(ids((await h.admin.clients.list({ type: 'confidential' })).items)).toEqual(['erp-sync', 'rotating']);
    expect(ids((await h.admin.clients.list({ grantType: 'authorization_code' })).items)).toEqual(['native-app']);
    expect(ids((await h.admin.clients.list({ search: 'LOGIN' })).items)).toEqual(['bc-login']);
    const page1 = await h.admin.clients.list({ limit: 2, sort: { field: 'name', direction: 'asc' } });
    const page2 = await h.admin.clients.list({ limit: 200, sort: { field: 'name', direction: 'asc' }, cursor: page1.nextCursor! });
    expect(page1.items.length + page2.items.length).toBe(5);
  });

  it('deletes a client with the tokens oidc-provider stored for it', async () => {
    await h.db.prisma.oidcPayload.create({ data: { kind: 'AccessToken', id: 'x', payload: {}, clientId: 'rotating' } });
    expect(await h.admin.clients.delete({ id: 'rotating' })).toEqual({ id: 'rotating', revokedTokens: 1 });
    expect(await h.db.prisma.oidcPayload.count({ where: { clientId: 'rotating' } })).toBe(0);
    expect((await failure(h.admin.clients.get({ id: 'rotating' }))).code).toBe('NOT_FOUND');
  });
});

describe('BigCommerce settings', () => {
  const shop = (id: string, extra: Record<string, unknown> = {}) =>
    h.admin.clients.create({ id, name: id, type: 'public', grantTypes: ['password'], ...extra });

  it('stores storeHash, channelIds and logoutPath, answered by create, update, get and list', async () => {
    const { client } = await shop('bc-shop', {
      storeHash: '1234abcd',
      channelIds: [1, 1000234, 1],
      baseUrl: 'https://shop.example.com',
      logoutPath: '/login.php?action=logout',
    });
    expect(client).toMatchObject({ storeHash: '1234abcd', channelIds: [1, 1000234], logoutPath: '/login.php?action=logout' });
    const plain = await shop('bc-plain');
    expect(plain.client).toMatchObject({ storeHash: null, channelIds: [], logoutPath: null });
    const updated = await h.admin.clients.update({ id: 'bc-shop', channelIds: [2], logoutPath: null });
    expect(updated).toMatchObject({ storeHash: '1234abcd', channelIds: [2], logoutPath: null });
    expect(await h.admin.clients.get({ id: 'bc-shop' })).toMatchObject({ channelIds: [2] });
    expect((await h.admin.clients.list({ search: 'bc-shop' })).items[0]).toMatchObject({ storeHash: '1234abcd', channelIds: [2] });
  });

  it('validates them: store hash characters, positive int4 channels, a single-slash path on a base URL', async () => {
    await expectInvalid(shop('bad-1', { storeHash: 'has space' }), ['storeHash']);
    await expectInvalid(shop('bad-2', { storeHash: '' }), ['storeHash']);
    await expectInvalid(shop('bad-3', { channelIds: [0] }), ['channelIds', 0]);
    await expectInvalid(shop('bad-4', { channelIds: [2 ** 31] }), ['channelIds', 0]);
    await expectInvalid(shop('bad-5', { channelIds: [1.5] }), ['channelIds', 0]);
    for (const logoutPath of ['//evil.example.com/x', '/\\evil.example.com', 'https://evil.example.com/', 'login.php', '/a\tb']) {
      await expectInvalid(shop('bad-6', { baseUrl: 'https://shop.example.com', logoutPath }), ['logoutPath']);
    }
    // A logout path is a path on the base URL: without one it goes nowhere.
    await expectInvalid(shop('bad-7', { logoutPath: '/logout' }), ['logoutPath']);
    await expectInvalid(h.admin.clients.update({ id: 'bc-plain', logoutPath: '/logout' }), ['logoutPath']);
  });

  it('gives a store channel to one client only', async () => {
    await shop('bc-a', { storeHash: 'store9', channelIds: [1, 2] });
    const taken = await failure(shop('bc-b', { storeHash: 'store9', channelIds: [2, 3] }));
    expect([taken.code, latchkeyCode(taken)]).toEqual(['CONFLICT', 'already_exists']);
    await shop('bc-b', { storeHash: 'store9', channelIds: [3] });
    expect((await failure(h.admin.clients.update({ id: 'bc-b', channelIds: [1] }))).code).toBe('CONFLICT');
    expect((await h.admin.clients.update({ id: 'bc-b', storeHash: 'other9', channelIds: [1] })).storeHash).toBe('other9');
  });
});
