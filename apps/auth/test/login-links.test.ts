import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createLoginToken, createSecretBox } from '@latchkey/db';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, postForm, TEST_SECRET_KEY } from '../src/testing.js';
import { useAuthServer } from './setup.js';

const SHOP = 'https://shop.example.com';
const LINK_SECRET = 'login-link-secret-0123456789abcdefghijkl';
const ids = { sonia: '', other: '' };

const t = useAuthServer({}, async (db) => {
  const box = createSecretBox(TEST_SECRET_KEY);
  await createClient(db, {
    grantTypes: ['authorization_code', 'refresh_token', 'password'],
    scopes: ['storefront'],
    extra: {
      loginLinkSecretEnc: box.seal(LINK_SECRET),
      redirectUris: [`${SHOP}/callback`],
      baseUrl: SHOP,
      landingUrl: `${SHOP}/account`,
      loginUrl: `${SHOP}/login`,
      redirectAllowList: ['https://punchout.example.net/oci'],
    },
  });
  await createClient(db, { id: 'bare' });
  const sonia = await createCustomer(db);
  ids.sonia = sonia.id;
  await createCompanyUser(db, sonia.id);
  ids.other = (await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other' })).companyUser.id;
});

const visit = (path: string, cookie?: string) => fetch(`${t.server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
const loginToken = async (over: Partial<Parameters<typeof createLoginToken>[1]> = {}) =>
  (
    await createLoginToken(t.db.prisma, {
      clientId: 'storefront',
      customerId: ids.sonia,
      expiresAt: new Date(Date.now() + 3_600_000),
      oneTimeUse: true,
      ...over,
    })
  ).token;
const signed = (claims: Record<string, unknown> = {}) =>
  new SignJWT({
    iss: 'storefront',
    iat: Math.floor(Date.now() / 1000),
    jti: randomUUID(),
    operation: 'customer_login',
    customer_id: ids.sonia,
    ...claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(LINK_SECRET));

describe('GET /login/token/{token}', () => {
  it('signs the browser in and sends it to the landing page', async () => {
    const res = await visit(`/login/token/${await loginToken()}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${SHOP}/account`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookies = res.headers.getSetCookie();
    expect(cookies.some((c) => c.startsWith('_session=') && /httponly/i.test(c) && /samesite=lax/i.test(c))).toBe(true);
  });

  it('follows a relative redirect_to on the client, an allow-listed absolute one, and nothing else', async () => {
    expect(
      (await visit(`/login/token/${await loginToken()}?redirect_to=${encodeURIComponent('/cart?id=7')}`)).headers.get('location'),
    ).toBe(`${SHOP}/cart?id=7`);
    expect(
      (await visit(`/login/token/${await signed({ redirect_to: 'https://punchout.example.net/oci/return' })}`)).headers.get('location'),
    ).toBe('https://punchout.example.net/oci/return');
    for (const attempt of ['https://evil.example/x', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await visit(`/login/token/${await signed({ redirect_to: attempt })}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`${SHOP}/account`);
    }
  });

  it('sends a refused link back to the client login page, or answers a plain 400', async () => {
    const used = await loginToken();
    await visit(`/login/token/${used}`);
    const again = await visit(`/login/token/${used}`);
    expect(again.status).toBe(302);
    expect(again.headers.get('location')).toBe(
      `${SHOP}/login?error=login_token_invalid&error_description=The+login+link+was+already+used.`,
    );
    expect(again.headers.getSetCookie().some((c) => c.startsWith('_session='))).toBe(false);
    expect((await visit(`/login/token/${await signed({ iat: 1 })}`)).headers.get('location')).toBe(
      `${SHOP}/login?error=login_token_invalid&error_description=The+login+link+has+expired.`,
    );

    const unknown = await visit('/login/token/lkl_nothing');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Login link not valid');
    expect((await visit(`/login/token/${await loginToken({ clientId: 'bare', expiresAt: new Date(Date.now() - 1) })}`)).status).toBe(400);
  });
});

describe('authorization code with PKCE after a login link', () => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = (cookie?: string, extra: Record<string, string> = {}) =>
    visit(
      `/auth?${new URLSearchParams({
        client_id: 'storefront',
        response_type: 'code',
        redirect_uri: `${SHOP}/callback`,
        scope: 'openid offline_access storefront',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state: 'st4te',
        ...extra,
      })}`,
      cookie,
    );

  it('lets the SPA pick up the session without a password, as the login token’s company user', async () => {
    const link = await visit(`/login/token/${await loginToken({ customerId: null, companyUserId: ids.other })}`);
    const res = await authorize(cookieOf(link));
    expect([302, 303]).toContain(res.status);
    const callback = new URL(res.headers.get('location')!);
    expect(callback.origin + callback.pathname).toBe(`${SHOP}/callback`);
    expect(callback.searchParams.get('state')).toBe('st4te');
    const code = callback.searchParams.get('code')!;

    const tokens = await postForm(`${t.server.url}/token`, {
      grant_type: 'authorization_code',
      client_id: 'storefront',
      code,
      redirect_uri: `${SHOP}/callback`,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer' });
    expect(typeof tokens.body.id_token).toBe('string');
    const claims = await t.verify(String(tokens.body.access_token));
    expect(claims).toMatchObject({ sub: ids.sonia, id_company_user: ids.other, sub_type: 'customer', scope: 'storefront' });

    const refreshed = await postForm(`${t.server.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(tokens.body.refresh_token),
    });
    expect(refreshed.status).toBe(200);
    expect((await t.verify(String(refreshed.body.access_token))).id_company_user).toBe(ids.other);

    const replay = await postForm(`${t.server.url}/token`, {
      grant_type: 'authorization_code',
      client_id: 'storefront',
      code,
      redirect_uri: `${SHOP}/callback`,
      code_verifier: verifier,
    });
    expect(replay.body).toMatchObject({ error: 'invalid_grant', latchkey_code: 'grant_invalid' });
  });

  it('answers login_required to prompt=none when the browser has no session, and shows the sign-in page otherwise', async () => {
    const silent = await authorize(undefined, { prompt: 'none' });
    const callback = new URL(silent.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('login_required');
    expect(callback.searchParams.get('state')).toBe('st4te');

    const first = await authorize();
    const interaction = await visit(new URL(first.headers.get('location')!, t.server.url).pathname, cookieOf(first));
    expect(interaction.status).toBe(200);
    expect(await interaction.text()).toContain('<h1>Sign in</h1>');
  });

  it('requires PKCE from public clients', async () => {
    const res = await visit(
      `/auth?${new URLSearchParams({ client_id: 'storefront', response_type: 'code', redirect_uri: `${SHOP}/callback`, scope: 'openid', state: 's' })}`,
    );
    const callback = new URL(res.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});
