import { createHash, randomBytes } from 'node:crypto';
import { parsePolicy } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import {
  createAgent,
  createBrowser,
  createClient,
  createCompanyUser,
  createCustomer,
  csrfOf,
  formActionOf,
  postForm,
  signInThroughPage,
} from '../src/testing.js';
import { useAuthServer } from './setup.js';

const CONSOLE = 'https://console.example.com';
const SHOP = 'https://shop.example.com';
const policy = parsePolicy({
  passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 },
  lockout: { account: { maxFailures: 3 } },
});
const ids = { editor: '', viewer: '', none: '', sonia: '', companyUser: '' };

const t = useAuthServer({ policy }, async (db) => {
  const codeFlow = ['authorization_code', 'refresh_token', 'password'];
  await createClient(db, {
    id: 'back-office',
    subjectType: 'agent',
    grantTypes: codeFlow,
    scopes: ['admin:read', 'admin:write'],
    extra: { name: 'Back office', redirectUris: [`${CONSOLE}/callback`] },
  });
  await createClient(db, {
    id: 'storefront',
    grantTypes: codeFlow,
    scopes: ['storefront', 'admin:read', 'admin:write'],
    extra: { name: 'Demo shop', redirectUris: [`${SHOP}/callback`] },
  });
  ids.editor = (await createAgent(db, { email: 'editor@example.com', password: 'editor-pass-1', roles: ['editor'] })).id;
  ids.viewer = (await createAgent(db, { email: 'viewer@example.com', password: 'viewer-pass-1', roles: ['viewer'] })).id;
  ids.none = (await createAgent(db, { email: 'none@example.com', password: 'none-pass-1', roles: [] })).id;
  await createAgent(db, { email: 'locked@example.com', password: 'locked-pass-1', roles: ['editor'] });
  ids.sonia = (await createCustomer(db, { policy })).id;
  ids.companyUser = (await createCompanyUser(db, ids.sonia)).companyUser.id;
});

const SCOPES: Record<string, string> = {
  'back-office': 'openid admin:read admin:write',
  storefront: 'openid storefront admin:read admin:write',
};

function authorization(clientId: string, redirectUri: string) {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: SCOPES[clientId]!,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state,
  });
  return { url: `/auth?${query}`, verifier, state, clientId, redirectUri };
}

async function redeem(flow: ReturnType<typeof authorization>, callback: string) {
  const url = new URL(callback);
  expect(url.origin + url.pathname).toBe(flow.redirectUri);
  expect(url.searchParams.get('state')).toBe(flow.state);
  const tokens = await postForm(`${t.server.url}/token`, {
    grant_type: 'authorization_code',
    client_id: flow.clientId,
    code: url.searchParams.get('code') ?? '',
    redirect_uri: flow.redirectUri,
    code_verifier: flow.verifier,
  });
  expect(tokens.status, JSON.stringify(tokens.body)).toBe(200);
  return tokens.body as { access_token: string; refresh_token: string; scope: string };
}

async function staffSignIn(email: string, password: string) {
  const flow = authorization('back-office', `${CONSOLE}/callback`);
  const done = await signInThroughPage(createBrowser(t.server.url), flow.url, email, password);
  expect(done.leftTo).not.toBeNull();
  return redeem(flow, done.leftTo!);
}

describe('the sign-in page', () => {
  it('is a plain, script-free form with labels, a CSRF field and strict headers', async () => {
    const page = await createBrowser(t.server.url).visit(authorization('back-office', `${CONSOLE}/callback`).url);
    expect(page.response.status).toBe(200);
    expect(page.response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(page.response.headers.get('cache-control')).toBe('no-store');
    expect(page.response.headers.get('x-frame-options')).toBe('DENY');
    expect(page.body).not.toMatch(/<script|\son[a-z]+=|javascript:|style="/i);
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('<label for="email">E-mail address</label>');
    expect(page.body).toContain('id="email" name="email" type="email"');
    expect(page.body).toContain('<label for="password">Password</label>');
    expect(page.body).toContain('autocomplete="current-password"');
    expect(page.body).toContain('Back office');
    expect(csrfOf(page.body)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const css = await fetch(`${t.server.url}/interaction/assets/sign-in.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('signs a staff member into the code flow with the admin scopes their roles allow', async () => {
    const editor = await staffSignIn('editor@example.com', 'editor-pass-1');
    expect(editor.scope).toBe('admin:read admin:write');
    expect(await t.verify(editor.access_token)).toMatchObject({
      sub: ids.editor,
      sub_type: 'agent',
      roles: ['editor'],
      client_id: 'back-office',
      scope: 'admin:read admin:write',
    });
    expect((await t.verify((await staffSignIn('viewer@example.com', 'viewer-pass-1')).access_token)).scope).toBe('admin:read');
    expect((await t.verify((await staffSignIn('none@example.com', 'none-pass-1')).access_token)).scope ?? '').toBe('');
  });

  it('reads the roles again at refresh: a demoted editor loses admin:write', async () => {
    const editor = await t.db.prisma.agent.create({
      data: {
        email: 'demoted@example.com',
        firstName: 'D',
        lastName: 'E',
        roles: ['editor'],
        passwordHash: (await t.db.prisma.agent.findUniqueOrThrow({ where: { id: ids.editor } })).passwordHash,
      },
    });
    const tokens = await staffSignIn('demoted@example.com', 'editor-pass-1');
    expect(tokens.scope).toBe('admin:read admin:write');
    await t.db.prisma.agent.update({ where: { id: editor.id }, data: { roles: ['viewer'] } });
    const refreshed = await postForm(`${t.server.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'back-office',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.scope).toBe('openid admin:read');
    expect((await t.verify(String(refreshed.body.access_token))).scope).toBe('openid admin:read');
    // Promoted again: the scope asked for at sign-in comes back.
    await t.db.prisma.agent.update({ where: { id: editor.id }, data: { roles: ['editor'] } });
    const again = await postForm(`${t.server.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'back-office',
      refresh_token: String(refreshed.body.refresh_token),
    });
    expect(again.body.scope).toBe('openid admin:read admin:write');
  });

  it('answers a wrong password exactly as an unknown e-mail, and counts it for lockout', async () => {
    const flow = authorization('back-office', `${CONSOLE}/callback`);
    const browser = createBrowser(t.server.url);
    const page = await browser.visit(flow.url);
    const submit = (email: string, password: string) =>
      browser.visit(formActionOf(page.body), { form: { csrf: csrfOf(page.body), email, password } });
    const wrong = await submit('locked@example.com', 'not the password');
    const unknown = await submit('nobody@example.com', 'not the password');
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.body.replace('locked@example.com', 'X')).toBe(unknown.body.replace('nobody@example.com', 'X'));
    expect(wrong.body).toContain('role="alert">The e-mail address or the password is not right.');
    expect(wrong.body).toContain('aria-invalid="true" aria-describedby="sign-in-error"');
    expect(wrong.body).toContain('value="locked@example.com"');

    await submit('locked@example.com', 'not the password');
    await submit('locked@example.com', 'not the password');
    const locked = await submit('locked@example.com', 'locked-pass-1');
    expect(locked.response.status).toBe(429);
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
    expect(locked.leftTo).toBeNull();
    // The password grant sees the same lockout: one counter for every door.
    const grant = await postForm(`${t.server.url}/token`, {
      grant_type: 'password',
      client_id: 'back-office',
      username: 'locked@example.com',
      password: 'locked-pass-1',
    });
    expect(grant.status).toBe(400);
    expect(grant.body).toMatchObject({ error: 'invalid_grant', latchkey_code: 'account_locked' });
  });

  it('refuses a post without the page’s CSRF token, or without the interaction cookie', async () => {
    const flow = authorization('back-office', `${CONSOLE}/callback`);
    const browser = createBrowser(t.server.url);
    const page = await browser.visit(flow.url);
    const forged = await browser.visit(formActionOf(page.body), {
      form: { csrf: 'x'.repeat(43), email: 'editor@example.com', password: 'editor-pass-1' },
    });
    expect(forged.response.status).toBe(403);
    expect(forged.leftTo).toBeNull();
    const missing = await browser.visit(formActionOf(page.body), { form: { email: 'editor@example.com', password: 'editor-pass-1' } });
    expect(missing.response.status).toBe(403);
    // Another browser (no interaction cookie) with the right token gets nowhere either.
    const stranger = await createBrowser(t.server.url).visit(formActionOf(page.body), {
      form: { csrf: csrfOf(page.body), email: 'editor@example.com', password: 'editor-pass-1' },
    });
    expect(stranger.response.status).toBe(400);
    expect(stranger.body).toContain('Sign-in expired');
    // The page itself still works afterwards.
    const done = await browser.visit(formActionOf(page.body), {
      form: { csrf: csrfOf(page.body), email: 'editor@example.com', password: 'editor-pass-1' },
    });
    expect(done.leftTo).toContain(`${CONSOLE}/callback?code=`);
  });

  it('sends a cancelled sign-in back to the client with access_denied', async () => {
    const flow = authorization('back-office', `${CONSOLE}/callback`);
    const browser = createBrowser(t.server.url);
    const page = await browser.visit(flow.url);
    const cancelled = await browser.visit(formActionOf(page.body, 'abort'), { form: { csrf: csrfOf(page.body) } });
    const callback = new URL(cancelled.leftTo!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(flow.state);
  });

  it('signs a customer in on a customer-directory client, as their default company user and without admin scopes', async () => {
    const flow = authorization('storefront', `${SHOP}/callback`);
    const page = await createBrowser(t.server.url).visit(flow.url);
    expect(page.body).toContain('customer account');
    const done = await signInThroughPage(createBrowser(t.server.url), flow.url, 'sonia@example.com', 'change123');
    const tokens = await redeem(flow, done.leftTo!);
    expect(await t.verify(tokens.access_token)).toMatchObject({
      sub: ids.sonia,
      sub_type: 'customer',
      id_company_user: ids.companyUser,
      scope: 'storefront',
    });
    const agentOnShop = await signInThroughPage(
      createBrowser(t.server.url),
      authorization('storefront', `${SHOP}/callback`).url,
      'editor@example.com',
      'editor-pass-1',
    );
    expect(agentOnShop.response.status).toBe(401);
  });
});

describe('admin scopes in the password grant', () => {
  const login = (clientId: string, username: string, password: string) =>
    postForm(`${t.server.url}/token`, { grant_type: 'password', client_id: clientId, username, password });

  it('follow the staff member’s roles and never reach a customer', async () => {
    expect((await login('back-office', 'viewer@example.com', 'viewer-pass-1')).body.scope).toBe('admin:read');
    expect((await login('back-office', 'none@example.com', 'none-pass-1')).body.scope).toBe('');
    const customer = await login('storefront', 'sonia@example.com', 'change123');
    expect(customer.body.scope).toBe('storefront');
    expect((await t.verify(String(customer.body.access_token))).scope).toBe('storefront');
    const asked = await postForm(`${t.server.url}/token`, {
      grant_type: 'password',
      client_id: 'storefront',
      username: 'sonia@example.com',
      password: 'change123',
      scope: 'admin:write',
    });
    expect(asked.body.scope).toBe('');
    const refreshed = await postForm(`${t.server.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'storefront',
      refresh_token: String(customer.body.refresh_token),
      scope: 'admin:read',
    });
    expect(refreshed.body).toMatchObject({ error: 'invalid_scope', latchkey_code: 'scope_not_allowed' });
  });
});
