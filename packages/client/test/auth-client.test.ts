import { createClient, createCompanyUser, createCustomer, postForm } from '@latchkey/auth/testing';
import { TOKEN_EXCHANGE_GRANT } from '@latchkey/core/protocol';
import { createLoginToken } from '@latchkey/db';
import { describe, expect, it } from 'vitest';
import {
  type AuthClientOptions,
  createAuthClient,
  LatchkeyAuthError,
  memoryStorage,
  type Session,
  type StorageLike,
  type Tokens,
  webStorage,
} from '../src/index.js';
import { closedPort, countingFetch, isPostgres, useAuthServer } from './setup.js';

const EXCHANGE = TOKEN_EXCHANGE_GRANT;
const ids = { sonia: '', karl: '', acme: '', acmeCompany: '', other: '', otherCompany: '', karlCu: '' };

const t = useAuthServer(async (db) => {
  const grantTypes = ['password', 'refresh_token', EXCHANGE];
  await createClient(db, { grantTypes, scopes: ['storefront', 'cart'] });
  // No grace window: a second use of a rotated refresh token revokes the session.
  await createClient(db, { id: 'strict', grantTypes, overrides: { refreshReuseGraceSeconds: 0 } });
  await createClient(db, { id: 'quick', grantTypes, overrides: { accessTokenTtlSeconds: 2 } });
  const sonia = await createCustomer(db, { reference: 'C-1001' });
  const karl = await createCustomer(db, { email: 'karl@example.com' });
  const acme = await createCompanyUser(db, sonia.id);
  const other = await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other AG' });
  Object.assign(ids, {
    sonia: sonia.id,
    karl: karl.id,
    acme: acme.companyUser.id,
    acmeCompany: acme.company.id,
    other: other.companyUser.id,
    otherCompany: other.company.id,
    karlCu: (await createCompanyUser(db, karl.id, { companyName: 'Karl KG' })).companyUser.id,
  });
});

function client(options: Partial<AuthClientOptions> = {}) {
  const counter = countingFetch();
  const storage = memoryStorage();
  const auth = createAuthClient({ issuer: t.auth.issuer, clientId: 'storefront', storage, fetch: counter.fetch, ...options });
  return { auth, storage, counter };
}

const login = (auth: ReturnType<typeof createAuthClient>, username = 'sonia@example.com') => auth.login(username, 'change123');
/** A refresh made behind the client's back, straight at the token endpoint. */
const rawRefresh = (refreshToken: string, clientId = 'storefront') =>
  postForm(`${t.auth.url}/token`, { grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });

async function failure(call: Promise<unknown>): Promise<LatchkeyAuthError> {
  const error = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(error instanceof LatchkeyAuthError)) throw new Error(`expected a LatchkeyAuthError, got ${String(error)}`);
  return error;
}

describe('login', () => {
  it('starts a session for the default company user, stores it and tells the listeners', async () => {
    const { auth, storage } = client();
    const seen: (Session | null)[] = [];
    auth.onChange((session) => seen.push(session));
    const session = await login(auth);
    expect(session.tokens).toMatchObject({ scope: 'storefront cart', companyUserId: ids.acme, refreshToken: expect.any(String) });
    expect(session.tokens.expiresAt).toBeGreaterThan(Date.now() + 890_000);
    expect(session.claims).toMatchObject({
      subject: ids.sonia,
      subjectType: 'customer',
      clientId: 'storefront',
      scopes: ['storefront', 'cart'],
      customerReference: 'C-1001',
      companyUserId: ids.acme,
      companyId: ids.acmeCompany,
      companyRole: 'Buyer',
    });
    expect(session.claims.hasPermission('create_address')).toBe(true);
    expect(await storage.get()).toEqual(session.tokens);
    expect(await auth.getSession()).toEqual(session);
    expect(seen).toEqual([session]);
  });

  it('logs in as the company user asked for, with the scope asked for', async () => {
    const { auth } = client();
    const session = await auth.login('sonia@example.com', 'change123', { companyUserId: ids.other, scope: 'cart' });
    expect(session.tokens).toMatchObject({ companyUserId: ids.other, scope: 'cart' });
    expect(session.claims).toMatchObject({ companyUserId: ids.other, companyId: ids.otherCompany, scopes: ['cart'] });
  });

  it("surfaces the server's OAuth errors as LatchkeyAuthError and stores nothing", async () => {
    const { auth, storage } = client();
    const wrong = await failure(auth.login('sonia@example.com', 'wrong password'));
    expect(wrong).toMatchObject({
      error: 'invalid_grant',
      code: 'invalid_credentials',
      description: 'invalid username or password',
      status: 400,
      transient: false,
    });
    expect(await storage.get()).toBeNull();
    expect(await failure(auth.login('sonia@example.com', 'change123', { scope: 'admin:write' }))).toMatchObject({
      error: 'invalid_scope',
      code: 'scope_not_allowed',
      status: 400,
    });
    const unknown = createAuthClient({ issuer: t.auth.issuer, clientId: 'nobody' });
    expect(await failure(unknown.login('sonia@example.com', 'change123'))).toMatchObject({
      error: 'invalid_client',
      code: 'client_auth_failed',
      status: 401,
    });
  });

  it('reports an unreachable server as network_error', async () => {
    const auth = createAuthClient({ issuer: `http://127.0.0.1:${await closedPort()}`, clientId: 'storefront' });
    expect(await failure(login(auth))).toMatchObject({ error: 'network_error', code: undefined, status: 0, transient: true });
  });

  it('revokes the session it replaces', async () => {
    const { auth } = client();
    const first = await login(auth);
    await auth.login('karl@example.com', 'change123');
    expect((await rawRefresh(first.tokens.refreshToken!)).body).toMatchObject({
      error: 'invalid_grant',
      latchkey_code: 'refresh_token_invalid',
    });
  });
});

describe('refresh', () => {
  it(`shares one request among 10 concurrent callers, so the token rotates once (${isPostgres() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const { auth, counter } = client({ clientId: 'strict' });
    const before = await login(auth);
    const sessions = await Promise.all(Array.from({ length: 10 }, () => auth.refresh()));
    expect(counter.count('/token')).toBe(2);
    for (const session of sessions) expect(session).toBe(sessions[0]);
    const after = sessions[0]!.tokens;
    expect(after.refreshToken).not.toBe(before.tokens.refreshToken);
    expect(after.accessToken).not.toBe(before.tokens.accessToken);
    expect((await auth.getSession())?.tokens).toEqual(after);
    // The old token was spent by that one request: presenting it again is reuse, which ends the session.
    expect(await rawRefresh(before.tokens.refreshToken!, 'strict')).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'refresh token was already used', latchkey_code: 'refresh_reuse_detected' },
    });
    const seen: (Session | null)[] = [];
    auth.onChange((session) => seen.push(session));
    expect(await failure(auth.refresh())).toMatchObject({ error: 'invalid_grant', code: 'refresh_token_invalid', status: 400 });
    expect(await auth.getSession()).toBeNull();
    expect(seen).toEqual([null]);
  });

  it('keeps the company user and re-reads the claims', async () => {
    const { auth } = client();
    await auth.login('sonia@example.com', 'change123', { companyUserId: ids.other });
    const refreshed = await auth.refresh();
    expect(refreshed.tokens.companyUserId).toBe(ids.other);
    expect(refreshed.claims.companyId).toBe(ids.otherCompany);
  });

  it('needs a session', async () => {
    const { auth, counter } = client();
    expect(await failure(auth.refresh())).toMatchObject({ error: 'login_required', status: 0 });
    expect(await failure(auth.getAccessToken())).toMatchObject({ error: 'login_required', status: 0 });
    expect(counter.count('/token')).toBe(0);
  });
});

describe('getAccessToken', () => {
  it('answers the stored token while it is fresh, without a request', async () => {
    const { auth, counter } = client();
    const session = await login(auth);
    expect(await auth.getAccessToken()).toBe(session.tokens.accessToken);
    expect(counter.count('/token')).toBe(1);
  });

  it('refreshes a token that expires within the skew, once for concurrent callers', async () => {
    // The client's tokens live 2 s: with a 60 s skew every one of them is due for refresh.
    const { auth, counter } = client({ clientId: 'quick', refreshSkewSeconds: 60 });
    const session = await login(auth);
    expect(session.tokens.expiresAt).toBeLessThan(Date.now() + 3000);
    const tokens = await Promise.all(Array.from({ length: 5 }, () => auth.getAccessToken()));
    expect(counter.count('/token')).toBe(2);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(session.tokens.accessToken);
    expect((await auth.getSession())?.tokens.accessToken).toBe(tokens[0]);
    expect((await auth.getSession())?.tokens.refreshToken).not.toBe(session.tokens.refreshToken);
  });

  it('keeps a still valid token when the server cannot be reached', async () => {
    // 15-minute tokens and a 20-minute skew: every call tries to refresh, and the token is still good for minutes.
    const tokens: Tokens = { ...(await login(client().auth)).tokens };
    const offline = createAuthClient({
      issuer: `http://127.0.0.1:${await closedPort()}`,
      clientId: 'storefront',
      storage: memoryStorage(tokens),
      refreshSkewSeconds: 1200,
    });
    expect(await offline.getAccessToken()).toBe(tokens.accessToken);
    const expired = createAuthClient({
      issuer: `http://127.0.0.1:${await closedPort()}`,
      clientId: 'storefront',
      storage: memoryStorage({ ...tokens, expiresAt: Date.now() - 1 }),
    });
    expect(await failure(expired.getAccessToken())).toMatchObject({ error: 'network_error' });
  });
});

describe('switchCompanyUser', () => {
  it('moves the session to another company user; the one it leaves lives on with it until logout ends both', async () => {
    const { auth } = client();
    const before = await login(auth);
    const switched = await auth.switchCompanyUser(ids.other);
    expect(switched.tokens.companyUserId).toBe(ids.other);
    expect(switched.claims).toMatchObject({
      subject: ids.sonia,
      companyUserId: ids.other,
      companyId: ids.otherCompany,
      scopes: ['storefront', 'cart'],
    });
    expect(before.claims.companyUserId).toBe(ids.acme);
    expect(await auth.getAccessToken()).toBe(switched.tokens.accessToken);
    const left = await rawRefresh(before.tokens.refreshToken!);
    expect(left.status).toBe(200);
    expect((await auth.refresh()).tokens.companyUserId).toBe(ids.other);
    await auth.logout();
    expect((await rawRefresh(String(left.body.refresh_token))).body).toMatchObject({ error: 'invalid_grant' });
  });

  it("refuses someone else's company user and keeps the session", async () => {
    const { auth } = client();
    const before = await login(auth);
    expect(await failure(auth.switchCompanyUser(ids.karlCu))).toMatchObject({
      error: 'invalid_grant',
      code: 'company_user_not_owned',
      description: 'company user not found for this customer',
      status: 400,
    });
    expect((await auth.getSession())?.tokens).toEqual(before.tokens);
  });
});

describe('redeemLoginToken', () => {
  const loginToken = (over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
    createLoginToken(t.db.prisma, {
      clientId: 'storefront',
      customerId: ids.sonia,
      expiresAt: new Date(Date.now() + 3_600_000),
      oneTimeUse: true,
      ...over,
    });

  it('starts a session from a login token, once', async () => {
    const { auth } = client();
    const { token } = await loginToken();
    const session = await auth.redeemLoginToken(token);
    expect(session.claims).toMatchObject({ subject: ids.sonia, subjectType: 'customer', companyUserId: ids.acme });
    expect(session.tokens.refreshToken).toEqual(expect.any(String));
    expect(await failure(client().auth.redeemLoginToken(token))).toMatchObject({
      error: 'invalid_grant',
      code: 'login_token_used_up',
      description: 'login token was already used',
    });
  });

  it('starts the session of a company-user token', async () => {
    const { token } = await loginToken({ customerId: null, companyUserId: ids.other });
    expect((await client().auth.redeemLoginToken(token)).tokens.companyUserId).toBe(ids.other);
  });
});

describe('logout', () => {
  it('revokes the refresh token, clears the storage and tells the listeners', async () => {
    const { auth, storage, counter } = client();
    const { tokens } = await login(auth);
    const seen: (Session | null)[] = [];
    const unsubscribe = auth.onChange((session) => seen.push(session));
    expect(await auth.logout()).toEqual({ ok: true });
    expect(counter.count('/token/revocation')).toBe(1);
    expect(await storage.get()).toBeNull();
    expect(seen).toEqual([null]);
    expect(await rawRefresh(tokens.refreshToken!)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    unsubscribe();
    expect(await auth.logout()).toEqual({ ok: true });
    expect(counter.count('/token/revocation')).toBe(1);
    expect(seen).toEqual([null]);
  });

  it('waits for a refresh under way, so its successor is revoked too', async () => {
    const { auth } = client();
    await login(auth);
    const refreshing = auth.refresh();
    await auth.logout();
    const { tokens } = await refreshing;
    expect(await auth.getSession()).toBeNull();
    expect((await rawRefresh(tokens.refreshToken!)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('forgets the session even when the server cannot be reached, and says so', async () => {
    const { tokens } = await login(client().auth);
    const storage = memoryStorage(tokens);
    const offline = createAuthClient({ issuer: `http://127.0.0.1:${await closedPort()}`, clientId: 'storefront', storage });
    const result = await offline.logout();
    expect(result).toMatchObject({ ok: false, error: { error: 'network_error' } });
    expect(await storage.get()).toBeNull();
  });
});

describe('webStorage', () => {
  /** What `localStorage` offers, kept in a Map: the adapter needs nothing more. */
  const mapStorage = (): StorageLike & { map: Map<string, string> } => {
    const map = new Map<string, string>();
    return {
      map,
      getItem: (key) => map.get(key) ?? null,
      setItem: (key, value) => void map.set(key, value),
      removeItem: (key) => void map.delete(key),
    };
  };

  it('keeps the session as JSON under its key, for the next page load', async () => {
    const browser = mapStorage();
    const first = createAuthClient({ issuer: t.auth.issuer, clientId: 'storefront', storage: webStorage(browser) });
    const session = await login(first);
    expect(JSON.parse(browser.map.get('latchkey.tokens')!)).toEqual(session.tokens);
    const reloaded = createAuthClient({ issuer: t.auth.issuer, clientId: 'storefront', storage: webStorage(browser) });
    expect(await reloaded.getAccessToken()).toBe(session.tokens.accessToken);
    expect((await reloaded.switchCompanyUser(ids.other)).tokens.companyUserId).toBe(ids.other);
    await reloaded.logout();
    expect(browser.map.has('latchkey.tokens')).toBe(false);
  });

  it('reads what it cannot parse as no session', async () => {
    const browser = mapStorage();
    const storage = webStorage(browser, 'shop.session');
    for (const value of ['{not json', '"a string"', JSON.stringify({ accessToken: 1 })]) {
      browser.setItem('shop.session', value);
      expect(await storage.get()).toBeNull();
    }
    expect(await createAuthClient({ issuer: t.auth.issuer, clientId: 'storefront', storage }).getSession()).toBeNull();
  });
});
