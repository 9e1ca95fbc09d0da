import {
  createAgent,
  createBrowser,
  createClient,
  createCompanyUser,
  createCustomer,
  csrfOf,
  formActionOf,
  postForm,
} from '@latchkey/auth/testing';
import { describe, expect, it } from 'vitest';
import { createAuthClient, LatchkeyAuthError, type StorageLike } from '../src/index.js';
import { countingFetch, useAuthServer } from './setup.js';

// The authorization code flow with PKCE, driven over HTTP through the real sign-in page: the test
// plays the browser (cookies, the form's CSRF token, redirects), the auth client plays the SPA.
const SPA = 'https://spa.example.com';
const CONSOLE = 'https://console.example.com';
const ids = { sonia: '', companyUser: '', viewer: '' };

const t = useAuthServer(async (db) => {
  await createClient(db, {
    id: 'spa',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['storefront'],
    extra: { redirectUris: [`${SPA}/callback`] },
  });
  await createClient(db, {
    id: 'back-office',
    subjectType: 'agent',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['admin:read', 'admin:write'],
    extra: { redirectUris: [`${CONSOLE}/callback`] },
  });
  ids.sonia = (await createCustomer(db)).id;
  ids.companyUser = (await createCompanyUser(db, ids.sonia)).companyUser.id;
  ids.viewer = (await createAgent(db, { email: 'viewer@example.com', password: 'viewer-pass-1', roles: ['viewer'] })).id;
});

/** A StorageLike that records what was written to it. */
function recordingStorage() {
  const items = new Map<string, string>();
  const written: string[] = [];
  const storage: StorageLike = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      written.push(`${key}=${value}`);
      items.set(key, value);
    },
    removeItem: (key) => void items.delete(key),
  };
  return { storage, items, written };
}

function spa(clientId = 'spa', redirectUri = `${SPA}/callback`) {
  const counter = countingFetch();
  const pending = recordingStorage();
  let navigatedTo = '';
  const auth = createAuthClient({
    issuer: t.auth.issuer,
    clientId,
    fetch: counter.fetch,
    pendingStorage: pending.storage,
    navigate: (url) => {
      navigatedTo = url;
    },
  });
  return { auth, counter, pending, redirectUri, navigated: () => navigatedTo };
}

/** The browser at the sign-in page, filling in the form: answers the callback URL it is sent back to. */
async function signIn(authorizationUrl: string, email: string, password: string, browser = createBrowser(t.auth.url)) {
  const page = await browser.visit(authorizationUrl);
  expect(page.response.status).toBe(200);
  const done = await browser.visit(formActionOf(page.body), { form: { csrf: csrfOf(page.body), email, password } });
  expect(done.leftTo, done.body).not.toBeNull();
  return done.leftTo!;
}

describe('createAuthClient: sign-in with the authorization code flow and PKCE', () => {
  it('redirects to the sign-in page, handles the callback, refreshes once for concurrent callers and logs out by revocation', async () => {
    const { auth, counter, pending, navigated } = spa();
    const changes: (string | null)[] = [];
    auth.onChange((session) => changes.push(session ? session.claims.subject : null));
    await auth.signInWithRedirect({ redirectUri: `${SPA}/callback`, scope: 'storefront' });
    const url = new URL(navigated());
    expect(url.origin + url.pathname).toBe(`${t.auth.issuer}/auth`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('scope')).toBe('openid storefront');
    expect(url.searchParams.has('code_verifier')).toBe(false);

    const session = await auth.handleCallback(await signIn(navigated(), 'sonia@example.com', 'change123'));
    expect(session.claims).toMatchObject({ subject: ids.sonia, companyUserId: ids.companyUser });
    expect(session.tokens.scope).toBe('storefront');
    expect(session.tokens.refreshToken).toBeTruthy();
    expect(changes).toEqual([ids.sonia]);
    // The pending storage held the state and verifier only, and holds nothing now.
    expect(pending.items.size).toBe(0);
    expect(pending.written.join('\n')).not.toContain(session.tokens.accessToken);
    expect(pending.written.join('\n')).not.toContain(session.tokens.refreshToken!);

    const before = counter.count('/token');
    const [a, b] = await Promise.all([auth.refresh(), auth.refresh()]);
    expect(counter.count('/token') - before).toBe(1);
    expect(a.tokens.refreshToken).toBe(b.tokens.refreshToken);
    expect(a.tokens.refreshToken).not.toBe(session.tokens.refreshToken);
    expect(await auth.getAccessToken()).toBe(a.tokens.accessToken);

    expect(await auth.logout()).toEqual({ ok: true });
    expect(await auth.getSession()).toBeNull();
    const after = await postForm(`${t.auth.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'spa',
      refresh_token: a.tokens.refreshToken!,
    });
    expect(after.body.error).toBe('invalid_grant');
  });

  it('keeps tokens in memory by default: a new client on the same page has no session', async () => {
    const first = spa();
    const url = await first.auth.startSignIn({ redirectUri: `${SPA}/callback`, scope: 'storefront' });
    await first.auth.handleCallback(await signIn(url, 'sonia@example.com', 'change123'));
    expect(await first.auth.getSession()).not.toBeNull();
    const second = createAuthClient({ issuer: t.auth.issuer, clientId: 'spa', pendingStorage: first.pending.storage });
    expect(await second.getSession()).toBeNull();
  });

  it('checks the state: another client’s callback, a tampered state and a used callback are refused', async () => {
    const { auth } = spa();
    const callback = await signIn(await auth.startSignIn({ redirectUri: `${SPA}/callback` }), 'sonia@example.com', 'change123');

    const stranger = spa();
    const foreign = await stranger.auth.handleCallback(callback).catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(LatchkeyAuthError);
    expect(foreign).toMatchObject({ error: 'invalid_state' });

    const tampered = new URL(callback);
    tampered.searchParams.set('state', 'x'.repeat(43));
    expect(await auth.handleCallback(tampered).catch((e: unknown) => e)).toMatchObject({ error: 'invalid_state' });
    const noState = new URL(callback);
    noState.searchParams.delete('state');
    expect(await auth.handleCallback(noState).catch((e: unknown) => e)).toMatchObject({ error: 'invalid_state' });

    await auth.handleCallback(callback);
    expect(await auth.handleCallback(callback).catch((e: unknown) => e)).toMatchObject({ error: 'invalid_state' });
  });

  it('sends the code_verifier: a wrong one gets invalid_grant from the token endpoint', async () => {
    const { auth, pending } = spa();
    const url = await auth.startSignIn({ redirectUri: `${SPA}/callback` });
    const callback = await signIn(url, 'sonia@example.com', 'change123');
    const [key, value] = [...pending.items.entries()][0]!;
    pending.items.set(key, JSON.stringify({ ...JSON.parse(value), verifier: 'y'.repeat(43) }));
    const refused = await auth.handleCallback(callback).catch((e: unknown) => e);
    expect(refused).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect(await auth.getSession()).toBeNull();
  });

  it('answers the server’s error from the callback: a cancelled sign-in is access_denied', async () => {
    const { auth } = spa();
    const browser = createBrowser(t.auth.url);
    const page = await browser.visit(await auth.startSignIn({ redirectUri: `${SPA}/callback` }));
    const cancelled = await browser.visit(formActionOf(page.body, 'abort'), { form: { csrf: csrfOf(page.body) } });
    expect(await auth.handleCallback(cancelled.leftTo!).catch((e: unknown) => e)).toMatchObject({ error: 'access_denied' });
    const silent = spa();
    const none = await createBrowser(t.auth.url).visit(await silent.auth.startSignIn({ redirectUri: `${SPA}/callback`, prompt: 'none' }));
    expect(await silent.auth.handleCallback(none.leftTo!).catch((e: unknown) => e)).toMatchObject({ error: 'login_required' });
  });

  it('signs a staff member in on a staff client with the admin scopes their roles allow', async () => {
    const { auth } = spa('back-office', `${CONSOLE}/callback`);
    const url = await auth.startSignIn({
      redirectUri: `${CONSOLE}/callback`,
      scope: 'admin:read admin:write',
      loginHint: 'viewer@example.com',
    });
    const session = await auth.handleCallback(await signIn(url, 'viewer@example.com', 'viewer-pass-1'));
    expect(session.claims.subject).toBe(ids.viewer);
    expect(session.claims.roles).toEqual(['viewer']);
    expect(session.claims.companyUserLocked).toBe(false);
    expect(session.tokens.scope).toBe('admin:read');
  });
});
