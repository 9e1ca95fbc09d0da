import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createAdminClient } from '@latchkey/client';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, run, type Stack, startStack } from './stack.js';

// `npm run example:spa` against a started stack, the page driven in Debian's Chromium (as the console's
// end-to-end suite drives it): signed in on Latchkey's sign-in page and with the password form.
const CHROMIUM = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';
const DEMO = { email: 'sonia@example.com', password: 'change123', reference: 'DE--21' };

let stack: Stack;
let origin: string;
let env: Record<string, string>;
let server: ChildProcess | undefined;
let browser: Browser | undefined;
let artifacts: string;

beforeAll(async () => {
  stack = await startStack();
  const port = await freePort();
  origin = `http://localhost:${port}`;
  // On PostgreSQL there is no data directory to find the demo in: the client is named, as a user there would.
  env = { ...stack.exampleEnv, PORT: String(port), ...(stack.database === 'postgresql' ? { LATCHKEY_SPA_CLIENT_ID: 'storefront' } : {}) };
  artifacts = process.env.LATCHKEY_E2E_ARTIFACTS
    ? path.join(process.env.LATCHKEY_E2E_ARTIFACTS, stack.database)
    : path.join(import.meta.dirname, '..', 'e2e-artifacts', stack.database);
  await mkdir(artifacts, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (server && server.exitCode === null) await once(server, 'exit');
  await stack?.close();
});

/** The example's server, started as `npm run example:spa` starts it; answers once it prints where it serves. */
async function startExample(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, '..', 'dist', 'spa.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let out = '';
  child.stderr.on('data', (chunk) => {
    out += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes(`SPA example at ${origin}/`)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`example:spa exited with ${code}:\n${out}`)));
  });
  return child;
}

/** Fresh profile, and everything the page throws or the browser refuses (CSP, CORS) collected. */
async function newPage(): Promise<{ page: Page; problems: string[] }> {
  browser ??= await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const page = await (await browser.newContext({ viewport: { width: 900, height: 640 }, locale: 'en-GB' })).newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A failed request is reported by the response listener below, with its URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    const url = new URL(response.url());
    // The wrong password's 400, which the page shows; the auth server's sign-in page has no favicon.
    const expected =
      (url.pathname === '/token' && response.status() === 400) || (url.origin === stack.issuer && url.pathname === '/favicon.ico');
    if (response.status() >= 400 && !expected) problems.push(`${response.status()} from ${response.url()}`);
  });
  return { page, problems };
}

const shown = async (page: Page) => {
  const terms = await page.locator('#claims dt').allInnerTexts();
  const values = await page.locator('#claims dd').allInnerTexts();
  return Object.fromEntries(terms.map((term, i) => [term, values[i]]));
};

/** The refresh token the page holds, then the token endpoint's answer to it after sign-out. */
const storedRefreshToken = (page: Page) =>
  page.evaluate(() => (JSON.parse(sessionStorage.getItem('latchkey.tokens') ?? '{}') as { refreshToken?: string }).refreshToken);
const refreshWith = (refreshToken: string) =>
  fetch(`${stack.issuer}/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: 'storefront', refresh_token: refreshToken }),
  });

async function expectSignedIn(page: Page, how: string) {
  await expect.poll(() => page.locator('#status').textContent()).toBe(`Signed in as ${DEMO.reference}${how ? ` ${how}` : ''}`);
  const claims = await shown(page);
  expect(claims).toMatchObject({ Customer: DEMO.reference, Role: 'Buyer', Scopes: 'storefront' });
  expect(claims.Subject).toMatch(/^[0-9a-f-]{36} \(customer\)$/);
  expect(claims.Permissions).toContain('create_address');
  expect(claims['Token id']).toMatch(/^\S{20,}$/);
}

async function refreshAndSignOut(page: Page) {
  const before = (await shown(page))['Token id'];
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Refreshed: a new access token until /);
  expect((await shown(page))['Token id']).not.toBe(before);

  const refreshToken = await storedRefreshToken(page);
  expect(refreshToken).toBeTruthy();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.locator('#status').textContent()).toBe('Signed out: the refresh token is revoked');
  expect(await page.getByRole('button', { name: 'Sign in with Latchkey' }).isVisible()).toBe(true);
  expect(await page.evaluate(() => sessionStorage.getItem('latchkey.tokens'))).toBeNull();
  const refused = await refreshWith(refreshToken!);
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
}

describe('npm run example:spa', () => {
  it('serves by default on the origin and redirect URI the demo storefront allows, and says so when its port is not allowed', async () => {
    const admin = createAdminClient({ url: stack.apiUrl, issuer: stack.issuer, ...stack.admin });
    const storefront = await admin.clients.get.query({ id: 'storefront' });
    expect(storefront.corsOrigins).toContain('http://localhost:3000');
    expect(storefront.redirectUris).toContain('http://localhost:3000/callback');

    const refused = await run('spa', env);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `client storefront does not allow origin ${origin}, redirect URI ${origin}/callback: serve on PORT=3000, or add them with admin.clients.update.mutate(`,
    );

    // What the README says to do for another origin: add it to the client (the list replaces the old one).
    await admin.clients.update.mutate({
      id: 'storefront',
      corsOrigins: [...storefront.corsOrigins, origin],
      redirectUris: [...storefront.redirectUris, `${origin}/callback`],
    });
    // Auth servers re-read a client at most 2 seconds after it changes (their client cache).
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    server = await startExample();
  });

  it('says what is missing without a running Latchkey or a client', async () => {
    const down = await run('spa', { ...env, LATCHKEY_ISSUER: `http://127.0.0.1:${await freePort()}` });
    expect(down.code).toBe(1);
    expect(down.err).toContain('Latchkey does not answer at http://127.0.0.1:');
    const nothing = await run('spa', { ...env, LATCHKEY_DATA_DIR: path.join(artifacts, 'no-such-dir'), LATCHKEY_SPA_CLIENT_ID: '' });
    expect(nothing.code).toBe(1);
    expect(nothing.err).toContain('no SPA client: set LATCHKEY_SPA_CLIENT_ID');
  });

  it('signs in on Latchkey’s sign-in page (code flow with PKCE), shows the claims, refreshes and signs out', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Sign in with Latchkey' }).click();
    await page.waitForURL((url) => url.origin === stack.issuer && url.pathname.startsWith('/interaction/'));
    await page.getByLabel('E-mail address').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/`); // back from /callback, the code spent and out of the address bar
    await expectSignedIn(page, 'on the sign-in page');
    await page.screenshot({ path: path.join(artifacts, 'spa-signed-in-code-flow.png') });
    await refreshAndSignOut(page);
    expect(problems).toEqual([]);
  });

  it('signs in with the password grant from its form, shows a refusal, keeps the session over a reload, refreshes and signs out', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${origin}/`);
    await page.getByLabel('E-mail address').fill(DEMO.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('invalid_credentials: invalid username or password');

    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in with password' }).click();
    await expectSignedIn(page, 'with the password grant');
    await page.screenshot({ path: path.join(artifacts, 'spa-signed-in-password.png') });
    await page.reload();
    await expectSignedIn(page, '');
    await refreshAndSignOut(page);
    expect(problems).toEqual([]);
  });
});
