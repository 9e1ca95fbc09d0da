import { randomBytes, randomUUID } from 'node:crypto';
import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createSecretBox } from '@latchkey/db';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, TEST_SECRET_KEY } from '../src/testing.js';
import { useAuthServer } from './setup.js';

const SHOP = 'https://shop.example.com';
const SECRET = 'the-secret-the-shop-app-signs-with-0123';
const STORE = '1234abcd';
const ids = { sonia: '' };

const t = useAuthServer({}, async (db) => {
  const box = createSecretBox(TEST_SECRET_KEY);
  await createClient(db, {
    grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT],
    extra: {
      loginLinkSecretEnc: box.seal(SECRET),
      baseUrl: SHOP,
      landingUrl: `${SHOP}/account.php`,
      loginUrl: `${SHOP}/login.php`,
      storeHash: STORE,
      channelIds: [1, 1000234],
      logoutPath: '/login.php?action=logout',
    },
  });
  // Imported from BigCommerce with its customer id as reference: the helpers' customer_id is that integer.
  const sonia = await createCustomer(db, { reference: '42' });
  ids.sonia = sonia.id;
  await createCompanyUser(db, sonia.id);
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (payload: Record<string, unknown>) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(SECRET));

// Each helper library's payload, claim for claim.
const helpers = {
  // bigcommerce-api-python: jti = uuid4().hex, channel_id always (1 by default).
  python: (over: Record<string, unknown> = {}) =>
    sign({
      iss: 'storefront',
      iat: now(),
      jti: randomBytes(16).toString('hex'),
      operation: 'customer_login',
      store_hash: STORE,
      customer_id: 42,
      channel_id: 1,
      ...over,
    }),
  // bigcommerce-api-php: jti = bin2hex(random_bytes(32)), no channel_id.
  php: (over: Record<string, unknown> = {}) =>
    sign({
      iss: 'storefront',
      iat: now(),
      jti: randomBytes(32).toString('hex'),
      operation: 'customer_login',
      store_hash: STORE,
      customer_id: 42,
      ...over,
    }),
  // node-bigcommerce: a uuid jti, redirect_url instead of redirect_to, and an exp.
  node: (over: Record<string, unknown> = {}) =>
    sign({
      iss: 'storefront',
      iat: now(),
      exp: now() + 60,
      jti: randomUUID(),
      operation: 'customer_login',
      store_hash: STORE,
      customer_id: 42,
      redirect_url: '/cart.php',
      ...over,
    }),
};

const visit = (jwt: string, cookie?: string) =>
  fetch(`${t.server.url}/login/token/${jwt}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const refusedTo = (description: string) =>
  `${SHOP}/login.php?${new URLSearchParams({ error: 'login_token_invalid', error_description: description })}`;
const exchange = (jwt: string) =>
  t.token({ grant_type: TOKEN_EXCHANGE_GRANT, client_id: 'storefront', subject_token: jwt, subject_token_type: TokenType.jwt });
const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .filter((c) => c.startsWith('_session'))
    .map((c) => c.split(';')[0])
    .join('; ');
const browserSessions = () => t.db.prisma.oidcPayload.count({ where: { kind: 'Session', accountId: ids.sonia } });

describe('Customer Login JWTs as the official helpers make them', () => {
  it.each(Object.keys(helpers) as (keyof typeof helpers)[])('signs a browser in with what %s makes', async (helper) => {
    const res = await visit(await helpers[helper]());
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(helper === 'node' ? `${SHOP}/cart.php` : `${SHOP}/account.php`);
    expect(sessionCookie(res)).toContain('_session=');
  });

  it.each(Object.keys(helpers) as (keyof typeof helpers)[])('exchanges what %s makes for tokens of customer 42', async (helper) => {
    const res = await exchange(await helpers[helper]());
    expect(res.status).toBe(200);
    expect((await t.verify(String(res.body.access_token))).sub).toBe(ids.sonia);
  });

  it('takes any jti of 1 to 128 printable characters, once', async () => {
    expect((await exchange(await helpers.python({ jti: 'x' }))).status).toBe(200);
    const long = 'k'.repeat(128);
    expect((await exchange(await helpers.python({ jti: long }))).status).toBe(200);
    expect((await exchange(await helpers.python({ jti: long }))).body.latchkey_code).toBe('signed_login_jti_reused');
    expect((await exchange(await helpers.python({ jti: 'k'.repeat(129) }))).body.latchkey_code).toBe('signed_login_claim_invalid');
  });

  it('refuses a past exp, another store and another channel, at the token endpoint by code', async () => {
    const refused = async (jwt: string, code: string) =>
      expect((await exchange(jwt)).body).toMatchObject({ error: 'invalid_grant', latchkey_code: code });
    await refused(await helpers.node({ exp: now() - 1 }), 'signed_login_expired');
    await refused(await helpers.php({ store_hash: 'other' }), 'signed_login_wrong_store');
    await refused(await helpers.php({ store_hash: undefined }), 'signed_login_wrong_store');
    await refused(await helpers.python({ channel_id: 2 }), 'signed_login_wrong_channel');
    expect((await exchange(await helpers.python({ channel_id: 1000234 }))).status).toBe(200);
  });

  it('sends a refused link to the login page saying why in plain words, never elsewhere', async () => {
    const cases: [string, string][] = [
      [await helpers.node({ exp: now() - 1 }), 'The login link has expired.'],
      [await helpers.python({ iat: now() - 3600 }), 'The login link has expired.'],
      [await helpers.php({ store_hash: 'other' }), 'The login link was made for another store.'],
      [await helpers.python({ channel_id: 9 }), 'The login link was made for another storefront channel.'],
      [await helpers.python({ customer_id: 4242 }), 'The customer account of this login link does not exist.'],
      [
        await helpers.python({ redirect_to: 'https://evil.example/' }).then((jwt) => `${jwt.slice(0, -2)}xx`),
        'The login link is not valid.',
      ],
    ];
    for (const [jwt, description] of cases) {
      const res = await visit(jwt);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(refusedTo(description));
      expect(sessionCookie(res)).toBe('');
    }
    const used = await helpers.php();
    await visit(used);
    expect((await visit(used)).headers.get('location')).toBe(refusedTo('The login link was already used.'));
    // A valid link asking for a foreign site lands on the shop's own page.
    expect((await visit(await helpers.node({ redirect_url: 'https://evil.example/' }))).headers.get('location')).toBe(
      `${SHOP}/account.php`,
    );
  });
});

describe('the logout link', () => {
  it('ends the customer’s browser session instead of opening one, and goes to the logout path', async () => {
    await t.db.prisma.oidcPayload.deleteMany({ where: { kind: 'Session', accountId: ids.sonia } });
    const cookie = sessionCookie(await visit(await helpers.php()));
    expect(await browserSessions()).toBe(1);
    const res = await visit(await helpers.php({ redirect_to: '/login.php?action=logout' }), cookie);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${SHOP}/login.php?action=logout`);
    expect(await browserSessions()).toBe(0);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith('_session='));
    expect(cleared).toMatch(/^_session=;/);
    // Without a session it opens none either.
    const again = await visit(await helpers.node({ redirect_url: '/login.php?action=logout' }));
    expect(again.headers.get('location')).toBe(`${SHOP}/login.php?action=logout`);
    expect(await browserSessions()).toBe(0);
  });
});
