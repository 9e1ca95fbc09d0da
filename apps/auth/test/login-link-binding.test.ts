import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createLoginToken, createSecretBox } from '@latchkey/db';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClient, createCustomer, postForm, TEST_SECRET_KEY } from '../src/testing.js';
import { useAuthServer } from './setup.js';

// A login link's browser session is for the client its token or JWT names,
// and grants what the token-exchange path grants: for an anonymous token the
// anonymous scopes only (policy.loginToken.anonymousScopes: punchout).
const SHOP = 'https://shop.example.com';
const OTHER = 'https://other.example.com';
const LINK_SECRET = 'login-link-secret-0123456789abcdefghijkl';
let sonia = '';

const t = useAuthServer({}, async (db) => {
  const box = createSecretBox(TEST_SECRET_KEY);
  const codeFlow = ['authorization_code', 'refresh_token'];
  await createClient(db, {
    grantTypes: codeFlow,
    scopes: ['storefront', 'punchout'],
    extra: { loginLinkSecretEnc: box.seal(LINK_SECRET), redirectUris: [`${SHOP}/callback`], baseUrl: SHOP },
  });
  await createClient(db, {
    id: 'other-shop',
    grantTypes: codeFlow,
    scopes: ['storefront'],
    extra: { redirectUris: [`${OTHER}/callback`] },
  });
  sonia = (await createCustomer(db)).id;
});

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const visit = (path: string, cookie: string) => fetch(`${t.server.url}${path}`, { redirect: 'manual', headers: { cookie } });
const openLink = async (token: string) =>
  (await visit(`/login/token/${token}`, '')).headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
const authorize = (cookie: string, clientId: string, origin: string, extra: Record<string, string> = {}) =>
  visit(
    `/auth?${new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: `${origin}/callback`,
      scope: 'openid offline_access storefront',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st4te',
      ...extra,
    })}`,
    cookie,
  );
const redeemCode = (location: string, clientId: string, origin: string) =>
  postForm(`${t.server.url}/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: new URL(location).searchParams.get('code') ?? '',
    redirect_uri: `${origin}/callback`,
    code_verifier: verifier,
  });
const loginToken = async (customerId: string | null) =>
  (
    await createLoginToken(t.db.prisma, {
      clientId: 'storefront',
      customerId,
      expiresAt: new Date(Date.now() + 3_600_000),
      oneTimeUse: true,
    })
  ).token;
const signedLink = () =>
  new SignJWT({ iss: 'storefront', iat: Math.floor(Date.now() / 1000), jti: randomUUID(), operation: 'customer_login', customer_id: sonia })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(LINK_SECRET));

describe('an anonymous login link in a browser', () => {
  it('grants only the anonymous scopes, whatever the authorization request asks for, and refresh keeps them', async () => {
    const cookie = await openLink(await loginToken(null));
    const res = await authorize(cookie, 'storefront', SHOP, { scope: 'openid offline_access storefront punchout' });
    const tokens = await redeemCode(res.headers.get('location')!, 'storefront', SHOP);
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe('punchout');
    const claims = await t.verify(String(tokens.body.access_token));
    expect(claims).toMatchObject({ sub_type: 'anonymous', scope: 'punchout' });
    const refreshed = await postForm(`${t.server.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(tokens.body.refresh_token),
    });
    expect(refreshed.body.scope).toBe('punchout');
    expect((await t.verify(String(refreshed.body.access_token))).scope).toBe('punchout');
  });
});

describe('a login link’s browser session', () => {
  it('is usable by the client its login token names', async () => {
    const cookie = await openLink(await loginToken(sonia));
    const res = await authorize(cookie, 'storefront', SHOP);
    expect(new URL(res.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  for (const [kind, link] of [
    ['login token', () => loginToken(sonia)],
    ['signed login JWT', signedLink],
  ] as const) {
    it(`opened by a ${kind} gives another client login_required and no code`, async () => {
      const cookie = await openLink(await link());
      const silent = await authorize(cookie, 'other-shop', OTHER, { prompt: 'none' });
      const callback = new URL(silent.headers.get('location')!);
      expect(callback.origin).toBe(OTHER);
      expect(callback.searchParams.get('error')).toBe('login_required');
      expect(callback.searchParams.get('code')).toBeNull();

      // Without prompt=none the other client's user is asked to sign in.
      const interactive = await authorize(cookie, 'other-shop', OTHER);
      expect(interactive.headers.get('location')).toMatch(/^\/interaction\//);
    });
  }
});
