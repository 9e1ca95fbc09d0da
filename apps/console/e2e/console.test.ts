// The console end to end, in Debian's Chromium, against `npm start`'s process
// on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set): one
// browser for the whole file, the scenarios in order, each ending on a
// screenshot, and an axe-core scan of every screen it passes.

import { rm } from 'node:fs/promises';
import { type AdminClient, createAdminClient, createAuthClient, LatchkeyAuthError } from '@latchkey/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, axeViolations, launchBrowser, newContext, openSignedIn, screenshot, signInOnPage } from './browser';
import { type Stack, startStack } from './stack';

const EDITOR = { email: 'editor@example.com', password: 'editor-pass-1' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer-pass-1' };

let stack: Stack;
let browser: Browser;
let admin: AdminClient;
let shots: string;
const contexts: BrowserContext[] = [];

/** A day in the browser's time zone (the contexts run in Europe/Berlin), as the date fields take it. */
const berlinDay = (offsetDays = 0) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + offsetDays * 86_400_000),
  );

async function openAs(who: { email: string; password: string }, path: string): Promise<Page> {
  const { context, page } = await openSignedIn(browser, stack.consoleUrl, who, path, 'Login Tokens');
  contexts.push(context);
  return page;
}

const table = (page: Page) => page.getByRole('table', { name: 'Login tokens' });

/** The Name column of the rows shown, once the list has settled. */
async function rowNames(page: Page): Promise<string[]> {
  await expect.poll(() => table(page).getAttribute('aria-busy')).toBe('false');
  return table(page)
    .locator('tbody tr td button.link')
    .evaluateAll((cells) => cells.map((c) => c.textContent?.trim() ?? ''));
}

async function expectNoViolations(page: Page, screen: string) {
  expect(await axeViolations(page), `axe on ${screen}`).toEqual([]);
}

async function tokensByName() {
  const { items } = await admin.loginTokens.list.query({ limit: 50 });
  return {
    anonymous: items.find((t) => t.subjectType === 'anonymous')!,
    sonia: items.find((t) => t.subjectName === 'Sonia Wagner')!,
    all: items,
  };
}

beforeAll(async () => {
  stack = await startStack(process.env.DATABASE_URL || undefined);
  shots = artifactsDir(stack.database);
  await rm(shots, { recursive: true, force: true });
  browser = await launchBrowser();
  admin = createAdminClient({ url: stack.apiUrl, issuer: stack.issuer, ...stack.admin });
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 60_000);

describe('the back-office console', { timeout: 90_000 }, () => {
  let editor: Page;
  let created: { anonymous: string; sonia: string };

  // A failed scenario leaves a picture of every page it had open.
  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const pages = contexts.flatMap((c) => c.pages());
    for (const [index, page] of pages.entries())
      await screenshot(page, shots, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}-${index}`).catch(() => undefined);
  });

  it('is printed by the banner with the demo staff', () => {
    expect(stack.banner).toContain(`console      ${stack.consoleUrl}`);
    expect(stack.banner).toMatch(/editor {2}editor@example\.com \/ editor-pass-1/);
    expect(stack.banner).toMatch(/viewer {2}viewer@example\.com \/ viewer-pass-1/);
  });

  it('signs the editor in on the sign-in page and comes back to the page asked for, its filters kept', async () => {
    const context = await newContext(browser, new URL(stack.consoleUrl).origin);
    contexts.push(context);
    editor = await context.newPage();
    await editor.goto(new URL('login-tokens?oneTimeUse=yes', stack.consoleUrl).href);
    await editor.waitForURL((url) => url.pathname.startsWith('/interaction/'));
    await expectNoViolations(editor, 'the sign-in page');
    await screenshot(editor, shots, '01-sign-in');
    await signInOnPage(editor, EDITOR.email, EDITOR.password);
    expect(new URL(editor.url()).search).toBe('?oneTimeUse=yes');
    await editor.getByText('No login tokens match').waitFor();
    await expect.poll(() => editor.getByRole('button', { name: 'New Login Token' }).count()).toBe(1);
    await expectNoViolations(editor, 'the empty Login Tokens list');
    await screenshot(editor, shots, '02-editor-signed-in');
    await editor.goto(new URL('login-tokens', stack.consoleUrl).href);
    // A reload keeps no token (memory only): the auth server's browser session signs the editor straight back in.
    await editor.waitForURL((url) => url.pathname === '/console/login-tokens');
    await editor.getByRole('button', { name: 'New Login Token' }).waitFor();
  });

  it('creates an anonymous token and shows it once with its login link', async () => {
    await editor.getByRole('button', { name: 'New Login Token' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New Login Token' });
    await dialog.waitFor();
    await expectNoViolations(editor, 'the New Login Token dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const shown = editor.getByRole('dialog', { name: 'Login token created' });
    await shown.waitFor();
    const token = await shown.getByLabel('Token').inputValue();
    expect(token.length).toBeGreaterThan(20);
    expect(await shown.getByLabel('Login link').inputValue()).toBe(`${stack.issuer}/login/token/${token}`);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    expect(await editor.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expectNoViolations(editor, 'the created token');
    await screenshot(editor, shots, '03-anonymous-token-created');
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => rowNames(editor)).toEqual(['Anonymous']);
    created = { anonymous: token, sonia: '' };
  });

  it('creates a token for a customer picked by typing part of the name, Extra checked as it is typed', async () => {
    await editor.getByRole('button', { name: 'New Login Token' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New Login Token' });
    await dialog.getByRole('combobox', { name: 'Select contact or customer' }).fill('soni');
    await dialog.getByRole('option', { name: /Sonia Wagner <sonia@example\.com> — Customer/ }).click();
    await dialog.getByLabel('Expires at', { exact: true }).fill('2030-06-15');
    await dialog.getByLabel('Extra').fill('{"note": ');
    await dialog.getByText('Extra must be JSON').waitFor();
    await dialog.getByLabel('Extra').fill('{"note": "e2e"}');
    await expect.poll(() => dialog.getByText('Extra must be JSON').count()).toBe(0);
    await dialog.getByLabel('One time use').check();
    await screenshot(editor, shots, '04-customer-token-form');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const shown = editor.getByRole('dialog', { name: 'Login token created' });
    created.sonia = await shown.getByLabel('Token').inputValue();
    await shown.getByRole('button', { name: 'Done' }).click();
    await expect.poll(async () => (await rowNames(editor)).sort()).toEqual(['Anonymous', 'Sonia Wagner']);
    const row = table(editor).locator('tbody tr', { hasText: 'Sonia Wagner' });
    await expect
      .poll(() => row.locator('td').allTextContents())
      .toEqual(expect.arrayContaining(['Customer', 'Yes', '{"note":"e2e"}', '0']));
    await screenshot(editor, shots, '05-two-tokens');
    // Sorted on the server, the sort in the URL: expiry ascending, a token that never expires last.
    await table(editor)
      .getByRole('button', { name: /Expires At/ })
      .click();
    await editor.waitForURL((url) => url.searchParams.get('sort') === 'expiresAt.asc');
    await expect
      .poll(() =>
        table(editor)
          .getByRole('columnheader', { name: /Expires At/ })
          .getAttribute('aria-sort'),
      )
      .toBe('ascending');
    await expect.poll(() => rowNames(editor)).toEqual(['Sonia Wagner', 'Anonymous']);
    // The README's picture of the screen (docs/console-login-tokens.png is a copy of it).
    await screenshot(editor, shots, '05-login-tokens-readme', { x: 0, y: 0, width: 1400, height: 360 });
  });

  it('reveals and copies a token in the edit dialog, and the token endpoint redeems it (once: it is one-time)', async () => {
    await table(editor)
      .getByRole('button', { name: /Sonia Wagner/ })
      .click();
    const dialog = editor.getByRole('dialog', { name: 'Edit login token' });
    await dialog.getByRole('button', { name: 'Reveal the token' }).click();
    await expect.poll(() => dialog.getByLabel('Id', { exact: true }).inputValue()).toBe(created.sonia);
    await dialog.getByRole('button', { name: 'Copy token' }).click();
    const copied = await editor.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(created.sonia);
    await expectNoViolations(editor, 'the edit dialog with the token revealed');
    await screenshot(editor, shots, '06-token-revealed');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const storefront = createAuthClient({ issuer: stack.issuer, clientId: 'storefront' });
    const session = await storefront.redeemLoginToken(copied);
    expect(session.claims.subjectType).toBe('customer');
    const again = await storefront.redeemLoginToken(copied).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(LatchkeyAuthError);
    expect((again as LatchkeyAuthError).error).toBe('invalid_grant');
    await editor.reload();
    const row = table(editor).locator('tbody tr', { hasText: 'Sonia Wagner' });
    // Successful Attempts 1, Failed Attempts 1, and a Last Accessed At.
    await expect.poll(async () => (await row.locator('td').allTextContents()).slice(4, 7)).toEqual([expect.stringMatching(/\d/), '1', '1']);
  });

  it('filters by each of the eight filters, each in the URL', async () => {
    const { anonymous } = await tokensByName();
    const apply = async (fill: (panel: ReturnType<Page['getByRole']>) => Promise<void>, param: string, expected: string[]) => {
      await editor.getByRole('button', { name: /^Filters/ }).click();
      const panel = editor.getByRole('dialog', { name: 'Filters' });
      await panel.getByRole('button', { name: 'Clear all' }).click();
      await editor.getByRole('button', { name: /^Filters/ }).click();
      await fill(panel);
      await panel.getByRole('button', { name: 'Apply' }).click();
      await editor.waitForURL((url) => url.search.includes(param));
      await expect.poll(async () => (await rowNames(editor)).sort()).toEqual(expected);
    };
    await editor.getByRole('button', { name: /^Filters/ }).click();
    await expectNoViolations(editor, 'the Filters panel');
    await editor.keyboard.press('Escape');

    await apply((p) => p.getByLabel('Ids').fill(anonymous.id), `id=${anonymous.id}`, ['Anonymous']);
    await apply(
      async (p) => {
        await p.getByRole('combobox', { name: 'Contact or Customer' }).fill('wagner');
        await p.getByRole('option', { name: /Sonia Wagner .* — Customer/ }).click();
      },
      'user=customer',
      ['Sonia Wagner'],
    );
    await apply(
      async (p) => {
        await p.getByRole('textbox', { name: 'Expires At from' }).fill('2030-06-01');
        await p.getByRole('textbox', { name: 'Expires At to' }).fill('2030-06-30');
      },
      'expiresFrom=2030-06-01',
      ['Sonia Wagner'],
    );
    await apply((p) => p.getByRole('textbox', { name: 'Date Created from' }).fill(berlinDay(1)), 'createdFrom=', []);
    await apply(
      async (p) => {
        await p.getByRole('textbox', { name: 'Date Created from' }).fill(berlinDay());
        await p.getByRole('textbox', { name: 'Date Created to' }).fill(berlinDay());
      },
      `createdTo=${berlinDay()}`,
      ['Anonymous', 'Sonia Wagner'],
    );
    await apply((p) => p.getByRole('textbox', { name: 'Date Updated to' }).fill(berlinDay(-1)), 'updatedTo=', []);
    await apply(
      async (p) => {
        await p.getByLabel('Successful Attempt condition').selectOption('gte');
        await p.getByLabel('Successful Attempt count').fill('1');
      },
      'successful=gte%3A1',
      ['Sonia Wagner'],
    );
    await apply((p) => p.getByLabel('Failed Attempt count').fill('0'), 'failed=eq%3A0', ['Anonymous']);
    await apply((p) => p.getByRole('radio', { name: 'Yes' }).check(), 'oneTimeUse=yes', ['Sonia Wagner']);
    await apply((p) => p.getByRole('radio', { name: 'No' }).check(), 'oneTimeUse=no', ['Anonymous']);
    await screenshot(editor, shots, '07-filtered');

    // A bookmarked view opens as it was shared: a new browser, the same URL, the same rows.
    const shared = await openAs(EDITOR, editor.url());
    await expect.poll(() => rowNames(shared)).toEqual(['Anonymous']);
    await expect.poll(() => shared.getByRole('button', { name: /^Filters \(1\)/ }).count()).toBe(1);
    await shared.close();
    await editor.goto(new URL('login-tokens', stack.consoleUrl).href);
    await editor.getByRole('heading', { name: 'Login Tokens' }).waitFor();
  });

  it('shows the viewer no create, edit, delete or reveal controls, and the API refuses the viewer a reveal', async () => {
    const context = await newContext(browser, new URL(stack.consoleUrl).origin);
    contexts.push(context);
    const viewer = await context.newPage();
    const bearer = viewer.waitForRequest((req) => req.url().includes('/trpc/') && Boolean(req.headers().authorization));
    await viewer.goto(new URL('login-tokens', stack.consoleUrl).href);
    await signInOnPage(viewer, VIEWER.email, VIEWER.password);
    const authorization = (await bearer).headers().authorization!;
    await expect.poll(async () => (await rowNames(viewer)).sort()).toEqual(['Anonymous', 'Sonia Wagner']);
    expect(await viewer.getByRole('button', { name: 'New Login Token' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await viewer.getByRole('checkbox').count()).toBe(0);
    await expectNoViolations(viewer, "the viewer's Login Tokens list");
    await table(viewer)
      .getByRole('button', { name: /Sonia Wagner/ })
      .click();
    const dialog = viewer.getByRole('dialog', { name: 'Login token' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Reveal the token' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await screenshot(viewer, shots, '08-viewer');

    const { sonia } = await tokensByName();
    const refused = await fetch(`${stack.apiUrl}/trpc/loginTokens.reveal`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ id: sonia.id }),
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { data: { latchkeyCode: string } } }).error.data.latchkeyCode).toBe('scope_required');
  });

  it('edits a token from a click on its row', async () => {
    await table(editor).locator('tbody tr', { hasText: 'Anonymous' }).locator('td').nth(2).click();
    const dialog = editor.getByRole('dialog', { name: 'Edit login token' });
    await dialog.getByLabel('Extra').fill('{"edited": true}');
    await dialog.getByLabel('One time use').check();
    await dialog.getByLabel('Expires at', { exact: true }).fill('2031-01-31');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = table(editor).locator('tbody tr', { hasText: 'Anonymous' });
    await expect.poll(() => row.locator('td').allTextContents()).toEqual(expect.arrayContaining(['Yes', '{"edited":true}']));
    const { anonymous } = await tokensByName();
    expect(anonymous).toMatchObject({ oneTimeUse: true, extra: { edited: true } });
    expect(new Date(anonymous.expiresAt!).toISOString()).toBe('2031-01-31T23:00:00.000Z');
    await screenshot(editor, shots, '09-edited');
  });

  it('deletes two selected tokens after a confirmation naming how many', async () => {
    await table(editor)
      .getByRole('checkbox', { name: /Select the token of Sonia Wagner/ })
      .check();
    await table(editor)
      .getByRole('checkbox', { name: /Select the token of an anonymous user/ })
      .check();
    await editor.getByRole('button', { name: 'Delete (2)' }).click();
    const confirm = editor.getByRole('dialog', { name: 'Delete 2 login tokens?' });
    await confirm.waitFor();
    await expectNoViolations(editor, 'the delete confirmation');
    await screenshot(editor, shots, '10-delete-confirmation');
    await confirm.getByRole('button', { name: 'Delete 2 login tokens' }).click();
    await editor.getByText('No login tokens match').waitFor();
    expect((await tokensByName()).all).toEqual([]);
    await screenshot(editor, shots, '11-deleted');
  });

  it('creates a client and shows its secret once, which the token endpoint takes', async () => {
    await editor.getByRole('link', { name: 'Clients' }).click();
    await editor.getByRole('heading', { name: 'Clients' }).waitFor();
    await expect
      .poll(() => editor.getByRole('table', { name: 'Clients' }).getByRole('cell', { name: 'console', exact: true }).count())
      .toBe(1);
    await expectNoViolations(editor, 'the Clients list');
    await editor.getByRole('button', { name: 'New client' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New client' });
    await dialog.getByLabel('Name').fill('E2E server');
    await dialog.getByLabel('Client id').fill('e2e-server');
    await dialog.getByLabel('Redirect URIs').fill('not a uri');
    await dialog.getByText('must be an absolute URI without a fragment').waitFor();
    await dialog.getByLabel('Redirect URIs').fill('');
    await expectNoViolations(editor, 'the New client dialog');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    const shown = editor.getByRole('dialog', { name: 'Client secret' });
    const secret = await shown.getByLabel('Secret').inputValue();
    expect(secret.length).toBeGreaterThan(30);
    await expectNoViolations(editor, 'the client secret');
    await screenshot(editor, shots, '12-client-secret');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await expect
      .poll(() => editor.getByRole('table', { name: 'Clients' }).getByRole('cell', { name: 'e2e-server', exact: true }).count())
      .toBe(1);
    // Once: nothing on the page holds the secret any more.
    expect(await editor.content()).not.toContain(secret);
    const token = await fetch(`${stack.issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`e2e-server:${secret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(token.status).toBe(200);
    await screenshot(editor, shots, '13-clients');
  });

  it('shows the other screens, each with its rows and no accessibility violation', async () => {
    const screens: [string, string, string, RegExp][] = [
      ['Customers', 'Customers', 'Customers', /sonia@example\.com/],
      ['Staff', 'Staff', 'Staff', /editor@example\.com/],
      ['Sessions', 'Sessions', 'Sessions', /e2e-server|console|storefront/],
      ['Signing keys', 'Signing keys', 'Signing keys', /active/],
      ['Audit log', 'Audit log', 'Audit events', /login_token\.reveal/],
    ];
    for (const [link, heading, tableName, expected] of screens) {
      await editor.getByRole('link', { name: link, exact: true }).click();
      await editor.getByRole('heading', { name: heading, exact: true }).waitFor();
      await expect.poll(() => editor.getByRole('table', { name: tableName }).textContent()).toMatch(expected);
      await expectNoViolations(editor, `the ${link} screen`);
      await screenshot(editor, shots, `13-${link.toLowerCase().replace(/\W+/g, '-')}`);
    }
  });

  it('signs out by revocation, and a sign-in starts again from the sign-in page', async () => {
    await editor.getByRole('button', { name: 'Sign out' }).click();
    await editor.getByText('You are signed out.').waitFor();
    await expectNoViolations(editor, 'the signed-out page');
    await editor.getByRole('button', { name: 'Sign in' }).click();
    await editor.waitForURL((url) => url.pathname.startsWith('/interaction/'));
    await screenshot(editor, shots, '14-signed-out');
  });
});
