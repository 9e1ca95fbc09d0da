import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBrowser, createClient, createCustomer, signInThroughPage } from '../src/testing.js';
import { useAuthServer } from './setup.js';

// A browser session whose account no longer resolves for the client (a
// disabled customer, a customer at a staff client) is no sign-in: /auth
// answers login_required or shows the sign-in page, never a 500.
const SHOP = 'https://shop.example.com';
const STAFF = 'https://staff.example.com';
const t = useAuthServer({}, async (db) => {
  const codeFlow = ['authorization_code', 'refresh_token'];
  await createClient(db, { grantTypes: codeFlow, extra: { redirectUris: [`${SHOP}/callback`] } });
  await createClient(db, {
    id: 'staff-console',
    subjectType: 'agent',
    grantTypes: codeFlow,
    extra: { redirectUris: [`${STAFF}/callback`] },
  });
  await createCustomer(db);
});

const challenge = createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');
const authorizeUrl = (clientId: string, origin: string, extra: Record<string, string> = {}) =>
  `/auth?${new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: `${origin}/callback`,
    scope: 'openid',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state: 's',
    ...extra,
  })}`;

describe('/auth with a session whose account does not resolve', () => {
  it('answers login_required (prompt=none) or the sign-in page, for a customer at a staff client and for a disabled customer', async () => {
    const browser = createBrowser(t.server.url);
    const signedIn = await signInThroughPage(browser, authorizeUrl('storefront', SHOP), 'sonia@example.com', 'change123');
    expect(new URL(signedIn.leftTo!).searchParams.get('code')).toBeTruthy();

    const atStaff = await browser.visit(authorizeUrl('staff-console', STAFF, { prompt: 'none' }));
    expect(new URL(atStaff.leftTo!).searchParams.get('error')).toBe('login_required');
    const staffPage = await browser.visit(authorizeUrl('staff-console', STAFF));
    expect([staffPage.response.status, staffPage.body]).toEqual([200, expect.stringContaining('<h1>Sign in</h1>')]);

    await t.db.prisma.customer.update({ where: { email: 'sonia@example.com' }, data: { status: 'disabled' } });
    const disabled = await browser.visit(authorizeUrl('storefront', SHOP, { prompt: 'none' }));
    expect(new URL(disabled.leftTo!).searchParams.get('error')).toBe('login_required');
    expect(new URL(disabled.leftTo!).searchParams.get('code')).toBeNull();
    const page = await browser.visit(authorizeUrl('storefront', SHOP));
    expect(page.response.status).toBe(200);
    expect(page.body).toContain('<h1>Sign in</h1>');
  });
});
