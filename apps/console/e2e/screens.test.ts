// The console's screens beyond Login Tokens, end to end in Debian's Chromium
// against `npm start`'s process on a fresh database (PGlite, or PostgreSQL
// when DATABASE_URL is set): companies with their roles and company users,
// customers, a client's settings and login-link secret, storefront tokens,
// the viewer's read-only screens, and a session that ends while a filtered
// page is open. Each scenario ends on a screenshot; axe scans every screen.

import { rm } from 'node:fs/promises';
import { type AdminClient, createAdminClient, createAuthClient } from '@latchkey/client';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, axeViolations, launchBrowser, openSignedIn, screenshot, signInOnPage } from './browser';
import { type Stack, startStack } from './stack';

const EDITOR = { email: 'editor@example.com', password: 'editor-pass-1' };
const VIEWER = { email: 'viewer@example.com', password: 'viewer-pass-1' };

let stack: Stack;
let browser: Browser;
let admin: AdminClient;
let shots: string;
let editor: Page;
const contexts: BrowserContext[] = [];

async function open(
  who: { email: string; password: string },
  path: string,
  heading: string,
  options?: { fakeClock?: boolean },
): Promise<Page> {
  const { context, page } = await openSignedIn(browser, stack.consoleUrl, who, path, heading, options);
  contexts.push(context);
  return page;
}

async function expectNoViolations(page: Page, screen: string) {
  expect(await axeViolations(page), `axe on ${screen}`).toEqual([]);
}

/** The text of each row's cells in a table, once it has settled. */
async function rows(table: Locator): Promise<string[][]> {
  await expect.poll(() => table.getAttribute('aria-busy')).toBe('false');
  return table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
}

const firstCells = async (table: Locator) => (await rows(table)).map((r) => r[0]);
const goTo = async (page: Page, link: string, heading = link) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
};

beforeAll(async () => {
  stack = await startStack(process.env.DATABASE_URL || undefined);
  shots = artifactsDir(`${stack.database}-screens`);
  await rm(shots, { recursive: true, force: true });
  browser = await launchBrowser();
  admin = createAdminClient({ url: stack.apiUrl, issuer: stack.issuer, ...stack.admin });
  editor = await open(EDITOR, 'companies', 'Companies');
}, 120_000);

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
}, 60_000);

// A failed scenario leaves a picture of every page it had open.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail') return;
  const pages = contexts.flatMap((c) => c.pages());
  for (const [index, page] of pages.entries())
    await screenshot(page, shots, `failed-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}-${index}`).catch(() => undefined);
});

describe('the console screens', { timeout: 90_000 }, () => {
  it('lists companies, searches them by name in the URL, creates, renames and deletes one', async () => {
    const companies = editor.getByRole('table', { name: 'Companies' });
    await expect.poll(() => firstCells(companies)).toEqual(['ACME GmbH', 'ACME Logistics']);
    await expectNoViolations(editor, 'the Companies list');
    await screenshot(editor, shots, '20-companies');
    await editor.getByRole('searchbox', { name: 'Search companies by name' }).fill('logist');
    await editor.waitForURL((url) => url.searchParams.get('q') === 'logist');
    await expect.poll(() => firstCells(companies)).toEqual(['ACME Logistics']);
    await editor.getByRole('searchbox', { name: 'Search companies by name' }).fill('nothing like it');
    await editor.getByText('No company matches the search.').waitFor();
    await editor.getByRole('searchbox', { name: 'Search companies by name' }).fill('');
    await expect.poll(() => firstCells(companies)).toEqual(['ACME GmbH', 'ACME Logistics']);

    await editor.getByRole('button', { name: 'New company' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New company' });
    await dialog.getByLabel('Company name', { exact: true }).fill(' ');
    await dialog.getByRole('button', { name: 'Create company' }).click();
    await dialog.getByText(/too small|at least 1/i).waitFor();
    await expectNoViolations(editor, 'the New company dialog with an error');
    await dialog.getByLabel('Company name', { exact: true }).fill('E2E Trading');
    await dialog.getByRole('button', { name: 'Create company' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => firstCells(companies)).toEqual(['ACME GmbH', 'ACME Logistics', 'E2E Trading']);

    await editor.getByRole('button', { name: 'Edit E2E Trading' }).click();
    const edit = editor.getByRole('dialog', { name: 'Edit E2E Trading' });
    await edit.getByLabel('Company name', { exact: true }).fill('E2E Trading AG');
    await edit.getByLabel('Status', { exact: true }).selectOption('disabled');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => rows(companies)).toContainEqual(expect.arrayContaining(['E2E Trading AG', 'Disabled']));

    await editor.getByRole('button', { name: 'Delete E2E Trading AG' }).click();
    const confirm = editor.getByRole('dialog', { name: 'Delete E2E Trading AG?' });
    await expectNoViolations(editor, 'the company delete confirmation');
    await confirm.getByRole('button', { name: 'Delete company' }).click();
    await expect.poll(() => firstCells(companies)).toEqual(['ACME GmbH', 'ACME Logistics']);
    const { items } = await admin.companies.list.query({ limit: 50 });
    expect(items.map((c) => c.name).sort()).toEqual(['ACME GmbH', 'ACME Logistics']);
  });

  it("opens a company on its roles, and creates and edits a role's permissions with JSON checked as it is typed", async () => {
    await editor.getByRole('link', { name: 'ACME Logistics' }).click();
    await editor.getByRole('heading', { name: 'ACME Logistics', exact: true }).waitFor();
    expect(new URL(editor.url()).pathname).toMatch(/^\/console\/companies\/[0-9a-f-]{36}$/);
    const roles = editor.getByRole('table', { name: 'Roles' });
    await expect.poll(() => rows(roles)).toEqual([['Viewer', 'No', 'ReadOrdersPermissionPlugin', 'EditDelete']]);
    await expectNoViolations(editor, 'a company');

    await editor.getByRole('button', { name: 'New role' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New role' });
    await dialog.getByLabel('Role name', { exact: true }).fill('Purchaser');
    await dialog.getByRole('button', { name: 'Add permission' }).click();
    await dialog.getByLabel('Permission 1 key', { exact: true }).fill('ApproveQuotePermissionPlugin');
    await dialog.getByLabel('Permission 1 configuration', { exact: true }).fill('{"limit": ');
    await dialog.getByText(/^Configuration must be JSON/).waitFor();
    // The error is the configuration field's own (aria-describedby), not a banner.
    const described = await dialog.getByLabel('Permission 1 configuration', { exact: true }).getAttribute('aria-describedby');
    expect(await editor.locator(`[id="${described?.split(' ').at(-1)}"]`).textContent()).toMatch(/^Configuration must be JSON/);
    await dialog.getByLabel('Permission 1 configuration', { exact: true }).fill('{"limit": 500}');
    await expect.poll(() => dialog.getByText(/^Configuration must be JSON/).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add permission' }).click();
    await dialog.getByLabel('Permission 2 key', { exact: true }).fill('ApproveQuotePermissionPlugin');
    await dialog.getByText('This permission is in the list already').waitFor();
    await expectNoViolations(editor, 'the New role dialog with its errors');
    await screenshot(editor, shots, '21-role-form-errors');
    await dialog.getByLabel('Permission 2 key', { exact: true }).fill('create_address');
    await dialog.getByLabel('Default role (new company users get it)', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => rows(roles))
      .toEqual([
        ['Purchaser', 'Yes', 'ApproveQuotePermissionPlugin {"limit":500}create_address', 'EditDelete'],
        ['Viewer', 'No', 'ReadOrdersPermissionPlugin', 'EditDelete'],
      ]);
    const companyId = new URL(editor.url()).pathname.split('/').at(-1)!;
    const stored = await admin.companyRoles.list.query({ companyId });
    expect(stored.items.find((r) => r.name === 'Purchaser')).toMatchObject({
      isDefault: true,
      permissions: [
        { key: 'ApproveQuotePermissionPlugin', configuration: { limit: 500 } },
        { key: 'create_address', configuration: null },
      ],
    });

    // A name the company has already: the API's refusal, in words.
    await editor.getByRole('button', { name: 'New role' }).click();
    const again = editor.getByRole('dialog', { name: 'New role' });
    await again.getByLabel('Role name', { exact: true }).fill('Viewer');
    await again.getByRole('button', { name: 'Create role' }).click();
    await again.getByRole('alert').getByText('Something with the same name or e-mail exists already.').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();

    await editor.getByRole('button', { name: 'Edit role Purchaser' }).click();
    const edit = editor.getByRole('dialog', { name: 'Edit role Purchaser' });
    expect(await edit.getByLabel('Permission 1 configuration', { exact: true }).inputValue()).toBe('{\n  "limit": 500\n}');
    await edit.getByLabel('Permission 1 configuration', { exact: true }).fill('{"limit": 2500, "currency": "EUR"}');
    await edit.getByRole('button', { name: 'Remove permission 2' }).click();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect
      .poll(() => rows(roles))
      .toContainEqual(['Purchaser', 'Yes', 'ApproveQuotePermissionPlugin {"limit":2500,"currency":"EUR"}', 'EditDelete']);
    await screenshot(editor, shots, '22-company-roles');
  });

  it('adds a customer to the company with a role, edits the membership, and removes it', async () => {
    const users = editor.getByRole('table', { name: 'Company users' });
    await expect.poll(() => firstCells(users)).toEqual(['Sonia Wagner']);
    await editor.getByRole('button', { name: 'New company user' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New company user' });
    await dialog.getByRole('button', { name: 'Add company user' }).click();
    await dialog.getByText('Pick a customer: type part of the name or e-mail').waitFor();
    await dialog.getByRole('combobox', { name: 'Customer' }).fill('karl');
    await dialog.getByRole('option', { name: /Karl Schmidt <karl@example\.com>/ }).click();
    await expect.poll(() => dialog.getByText('Pick a customer').count()).toBe(0);
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Purchaser (default)' });
    await expectNoViolations(editor, 'the New company user dialog');
    await dialog.getByRole('button', { name: 'Add company user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect
      .poll(() => rows(users))
      .toContainEqual(expect.arrayContaining(['Karl Schmidt', 'karl@example.com', 'Purchaser', 'No', 'Active']));
    await screenshot(editor, shots, '23-company-users');

    await editor.getByRole('button', { name: 'Edit Karl Schmidt' }).click();
    const edit = editor.getByRole('dialog', { name: 'Edit Karl Schmidt at ACME Logistics' });
    await edit.getByLabel('Role', { exact: true }).selectOption({ label: 'Viewer' });
    await edit.getByLabel('Status', { exact: true }).selectOption('disabled');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => rows(users)).toContainEqual(expect.arrayContaining(['Karl Schmidt', 'Viewer', 'Disabled']));
    const karl = (await admin.companyUsers.list.query({ search: 'karl' })).items.find((u) => u.companyName === 'ACME Logistics');
    expect(karl).toMatchObject({ roleName: 'Viewer', status: 'disabled' });

    await editor.getByRole('button', { name: 'Remove Karl Schmidt' }).click();
    await editor
      .getByRole('dialog', { name: 'Remove Karl Schmidt from ACME Logistics?' })
      .getByRole('button', { name: 'Remove company user' })
      .click();
    await expect.poll(() => firstCells(users)).toEqual(['Sonia Wagner']);

    // A role deleted: its holders stay, without a role.
    await editor.getByRole('button', { name: 'Delete role Viewer' }).click();
    await editor.getByRole('dialog', { name: 'Delete the role Viewer?' }).getByRole('button', { name: 'Delete role' }).click();
    await expect.poll(() => firstCells(editor.getByRole('table', { name: 'Roles' }))).toEqual(['Purchaser']);
    await expect.poll(() => rows(users)).toEqual([expect.arrayContaining(['Sonia Wagner', 'No role'])]);
  });

  it('creates a customer, edits them, and sets a password the token endpoint takes', async () => {
    await goTo(editor, 'Customers');
    const customers = editor.getByRole('table', { name: 'Customers' });
    await expect.poll(async () => (await firstCells(customers)).sort()).toEqual(['Karl Schmidt', 'Sonia Wagner']);
    await editor.getByRole('button', { name: 'New customer' }).click();
    const dialog = editor.getByRole('dialog', { name: 'New customer' });
    await dialog.getByLabel('E-mail', { exact: true }).fill('not an address');
    await dialog.getByText(/Invalid email/i).waitFor();
    await dialog.getByLabel('E-mail', { exact: true }).fill('lena@example.com');
    await dialog.getByLabel('First name', { exact: true }).fill('Lena');
    await dialog.getByLabel('Last name', { exact: true }).fill('Fischer');
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    await dialog.getByText(/at least 8|too small/i).waitFor();
    await dialog.getByLabel('Password', { exact: true }).fill('lena-pass-1');
    await dialog.getByLabel('E-mail verified', { exact: true }).check();
    await expectNoViolations(editor, 'the New customer dialog');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => rows(customers)).toContainEqual(expect.arrayContaining(['Lena Fischer', 'lena@example.com', 'Active']));

    // The same e-mail again: the API's refusal, said in words.
    await editor.getByRole('button', { name: 'New customer' }).click();
    const twice = editor.getByRole('dialog', { name: 'New customer' });
    await twice.getByLabel('E-mail', { exact: true }).fill('lena@example.com');
    await twice.getByLabel('First name', { exact: true }).fill('Lena');
    await twice.getByLabel('Last name', { exact: true }).fill('Other');
    await twice.getByLabel('Password', { exact: true }).fill('lena-pass-2');
    await twice.getByRole('button', { name: 'Create customer' }).click();
    await twice.getByText('Something with the same name or e-mail exists already.').waitFor();
    await twice.getByRole('button', { name: 'Cancel' }).click();

    const lena = customers.locator('tbody tr', { hasText: 'lena@example.com' });
    await lena.getByRole('button', { name: 'Edit' }).click();
    const edit = editor.getByRole('dialog', { name: 'Edit Lena Fischer' });
    await edit.getByLabel('Last name', { exact: true }).fill('Fischer-Braun');
    await edit.getByLabel('Reference', { exact: true }).fill('DE--30');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => rows(customers)).toContainEqual(expect.arrayContaining(['Lena Fischer-Braun', 'DE--30']));

    await lena.getByRole('button', { name: 'Set password for Lena Fischer-Braun' }).click();
    const password = editor.getByRole('dialog', { name: 'Set the password of Lena Fischer-Braun' });
    await password.getByLabel('New password', { exact: true }).fill('lena-new-pass-1');
    await password.getByLabel('Repeat the password', { exact: true }).fill('lena-new-pass-2');
    await password.getByText('The two passwords differ').waitFor();
    await password.getByLabel('Repeat the password', { exact: true }).fill('lena-new-pass-1');
    await expectNoViolations(editor, 'the Set password dialog');
    await screenshot(editor, shots, '24-set-password');
    await password.getByRole('button', { name: 'Set password' }).click();
    await password.waitFor({ state: 'detached' });
    const storefront = createAuthClient({ issuer: stack.issuer, clientId: 'storefront' });
    const session = await storefront.login('lena@example.com', 'lena-new-pass-1');
    expect(session.claims.subjectType).toBe('customer');
    await expectNoViolations(editor, 'the Customers list with its actions');
    await screenshot(editor, shots, '25-customers');
  });

  it("edits a client's redirects, origins, store hash, channels and logout path, and gives it a login-link secret shown once", async () => {
    await goTo(editor, 'Clients');
    const clients = editor.getByRole('table', { name: 'Clients' });
    await clients.locator('tbody tr', { hasText: 'Demo storefront (SPA)' }).getByRole('button', { name: 'Edit' }).click();
    const dialog = editor.getByRole('dialog', { name: 'Edit client storefront' });
    expect(await dialog.getByLabel('Redirect URIs', { exact: true }).inputValue()).toBe('http://localhost:3000/callback');
    await dialog.getByLabel('Post-logout redirect URIs', { exact: true }).fill('http://localhost:3000/bye#top');
    await dialog.getByText('must be an absolute URI without a fragment').waitFor();
    await dialog.getByLabel('Post-logout redirect URIs', { exact: true }).fill('http://localhost:3000/bye');
    await dialog.getByLabel('Allowed origins (CORS)', { exact: true }).fill('http://localhost:3000/\nhttp://localhost:5173');
    await dialog.getByText(/must be an origin/).waitFor();
    await dialog.getByLabel('Allowed origins (CORS)', { exact: true }).fill('http://localhost:3000\nhttps://shop.example.com');
    await dialog.getByLabel('Channel ids', { exact: true }).fill('1, two');
    await dialog.getByText(/expected number/i).waitFor();
    await dialog.getByLabel('Channel ids', { exact: true }).fill('1, 2');
    await dialog.getByLabel('Store hash', { exact: true }).fill('e2e-store');
    await dialog.getByText('a store hash is 1 to 64 letters and digits').waitFor();
    await dialog.getByLabel('Store hash', { exact: true }).fill('e2estore1');
    await dialog.getByLabel('Logout path', { exact: true }).fill('//evil.example');
    await dialog.getByText(/must be a path on the client's base URL/).waitFor();
    await dialog.getByLabel('Logout path', { exact: true }).fill('/login.php?action=logout');
    await expectNoViolations(editor, 'the Edit client dialog');
    await screenshot(editor, shots, '26-client-edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => rows(clients)).toContainEqual(expect.arrayContaining(['storefront', 'e2estore1 (1, 2)']));
    expect(await admin.clients.get.query({ id: 'storefront' })).toMatchObject({
      postLogoutRedirectUris: ['http://localhost:3000/bye'],
      corsOrigins: ['http://localhost:3000', 'https://shop.example.com'],
      storeHash: 'e2estore1',
      channelIds: [1, 2],
      logoutPath: '/login.php?action=logout',
      redirectUris: ['http://localhost:3000/callback'],
      hasLoginLinkSecret: true,
    });

    // A second client for the same store channel: the API's refusal, in words.
    await clients.locator('tbody tr', { hasText: 'Demo agent console' }).getByRole('button', { name: 'Edit' }).click();
    const other = editor.getByRole('dialog', { name: 'Edit client agent-console' });
    await other.getByLabel('Store hash', { exact: true }).fill('e2estore1');
    await other.getByLabel('Channel ids', { exact: true }).fill('2');
    await other.getByRole('button', { name: 'Save' }).click();
    await other
      .getByRole('alert')
      .getByText(/client storefront already serves a channel of store e2estore1/)
      .waitFor();
    await other.getByRole('button', { name: 'Cancel' }).click();

    await clients.getByRole('button', { name: 'Edit storefront' }).click();
    const editing = editor.getByRole('dialog', { name: 'Edit client storefront' });
    await editing.getByRole('button', { name: 'Rotate login-link secret' }).click();
    const ask = editor.getByRole('dialog', { name: 'Login-link secret of storefront' });
    await expectNoViolations(editor, 'the login-link secret dialog');
    await ask.getByRole('button', { name: 'Rotate secret' }).click();
    const shown = editor.getByRole('dialog', { name: 'Login-link secret' });
    const secret = await shown.getByLabel('Secret', { exact: true }).inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy secret' }).click();
    expect(await editor.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(editor, shots, '27-login-link-secret');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });
    await editing.getByRole('button', { name: 'Cancel' }).click();
    await editing.waitFor({ state: 'detached' });
    expect(await editor.content()).not.toContain(secret);
    await screenshot(editor, shots, '28-clients');
  });

  it('lists storefront tokens by customer and client, and revokes one after a confirmation', async () => {
    await goTo(editor, 'Storefront tokens');
    await editor.getByText('No storefront tokens yet.').waitFor();
    await expectNoViolations(editor, 'the empty Storefront tokens list');
    // The BigCommerce door of the store the client above now serves: two named tokens of Sonia's.
    for (const name of ['E2E punch-out', 'E2E buyer app']) {
      const response = await fetch(`${stack.issuer}/api/io/auth/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ storeHash: 'e2estore1', channelId: 2, name, email: 'sonia@example.com', password: 'change123' }),
      });
      expect(response.status, await response.clone().text()).toBe(200);
    }
    await editor.reload();
    const tokens = editor.getByRole('table', { name: 'Storefront tokens' });
    await expect.poll(() => firstCells(tokens)).toEqual(['E2E buyer app', 'E2E punch-out']);
    // The customer's name arrives with its own customers.get, after the list: until then the cell shows the id.
    await expect.poll(async () => (await rows(tokens))[0]).toEqual(expect.arrayContaining(['Sonia Wagner', 'storefront', 'Active']));

    await editor.getByLabel('Client', { exact: true }).selectOption('agent-console');
    await editor.waitForURL((url) => url.searchParams.get('client') === 'agent-console');
    await editor.getByText('No storefront token matches the filters.').waitFor();
    await editor.getByLabel('Client', { exact: true }).selectOption('storefront');
    await editor.getByRole('combobox', { name: 'Customer' }).fill('karl');
    await editor.getByRole('option', { name: /Karl Schmidt/ }).click();
    await editor.waitForURL((url) => url.searchParams.has('customer') && url.searchParams.get('client') === 'storefront');
    await editor.getByText('No storefront token matches the filters.').waitFor();
    await editor.getByRole('button', { name: /^Remove Karl Schmidt/ }).click();
    await editor.getByRole('combobox', { name: 'Customer' }).fill('sonia');
    await editor.getByRole('option', { name: /Sonia Wagner/ }).click();
    await expect.poll(() => firstCells(tokens)).toEqual(['E2E buyer app', 'E2E punch-out']);
    await expectNoViolations(editor, 'the filtered Storefront tokens list');

    await tokens.getByRole('button', { name: 'Revoke E2E punch-out' }).click();
    const confirm = editor.getByRole('dialog', { name: 'Revoke the storefront token E2E punch-out?' });
    await expectNoViolations(editor, 'the storefront token revoke confirmation');
    await screenshot(editor, shots, '29-storefront-token-revoke');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => rows(tokens)).toContainEqual(expect.arrayContaining(['E2E punch-out', 'Revoked']));
    expect(await tokens.getByRole('button', { name: 'Revoke E2E punch-out' }).count()).toBe(0);
    const stored = await admin.storefrontTokens.list.query({ clientId: 'storefront' });
    expect(stored.items.map((t) => [t.name, t.revokedAt === null])).toEqual([
      ['E2E buyer app', true],
      ['E2E punch-out', false],
    ]);
    await screenshot(editor, shots, '30-storefront-tokens');
  });

  it('shows the viewer the new screens without a write control', async () => {
    const viewer = await open(VIEWER, 'companies', 'Companies');
    await expect.poll(() => firstCells(viewer.getByRole('table', { name: 'Companies' }))).toEqual(['ACME GmbH', 'ACME Logistics']);
    const writes = /^(New |Edit|Delete|Remove|Revoke|Rotate|Set |Disable|Enable|Log out everywhere|Generate)/;
    expect(await viewer.getByRole('button', { name: writes }).count()).toBe(0);
    await expectNoViolations(viewer, "the viewer's Companies list");
    await viewer.getByRole('link', { name: 'ACME GmbH' }).click();
    await viewer.getByRole('heading', { name: 'ACME GmbH', exact: true }).waitFor();
    await expect.poll(() => firstCells(viewer.getByRole('table', { name: 'Roles' }))).toEqual(['Approver', 'Buyer']);
    await expect
      .poll(async () => (await firstCells(viewer.getByRole('table', { name: 'Company users' }))).sort())
      .toEqual(['Karl Schmidt', 'Sonia Wagner']);
    expect(await viewer.getByRole('button', { name: writes }).count()).toBe(0);
    await screenshot(viewer, shots, '31-viewer-company');
    for (const [link, table] of [
      ['Customers', 'Customers'],
      ['Storefront tokens', 'Storefront tokens'],
      ['Clients', 'Clients'],
    ] as const) {
      await goTo(viewer, link);
      await expect.poll(async () => (await rows(viewer.getByRole('table', { name: table }))).length).toBeGreaterThan(0);
      expect(await viewer.getByRole('button', { name: writes }).count(), link).toBe(0);
      expect(await viewer.getByRole('columnheader', { name: 'Actions' }).count(), link).toBe(0);
    }
    await screenshot(viewer, shots, '32-viewer-clients');
  });
});

describe('a console session that ends', { timeout: 90_000 }, () => {
  it('goes back to sign-in and returns to the page the user was on, its filters kept', async () => {
    // The page's clock is the test's: moved past the access token's lifetime, the next call has to refresh, and the refresh is refused.
    const page = await open(EDITOR, 'login-tokens?oneTimeUse=no&failed=gte%3A0', 'Login Tokens', { fakeClock: true });
    const outliveAccessToken = () => page.clock.fastForward('02:00:00');
    const editorId = (await admin.agents.list.query({ search: 'editor' })).items[0]!.id;
    // Every console grant of the editor's ends, this page's among them: revoked, as the Sessions screen does.
    const revokeSessions = async () => {
      const grants = await admin.grants.list.query({ accountId: editorId, limit: 50 });
      for (const grant of grants.items.filter((g) => g.clientId === 'console')) await admin.grants.revoke.mutate({ grantId: grant.id });
    };
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    /** The console page the user was on when the console left for the auth server. */
    const placeLeft = () => {
      const left = visited.findIndex((url) => !new URL(url).pathname.startsWith('/console/'));
      const place = new URL(visited.slice(0, left === -1 ? undefined : left).findLast((url) => !url.includes('/callback'))!);
      return `${place.pathname}${place.search}`;
    };
    const sortByExpiry = () =>
      page
        .getByRole('table', { name: 'Login tokens' })
        .getByRole('button', { name: /Expires At/ })
        .click();
    const here = () => `${new URL(page.url()).pathname}${new URL(page.url()).search}`;

    // Revoked while the auth server still knows the browser: the console goes there and straight back, to the same page.
    await revokeSessions();
    await outliveAccessToken();
    await sortByExpiry();
    await expect.poll(() => visited.some((url) => new URL(url).pathname === '/console/callback'), { timeout: 20_000 }).toBe(true);
    await page.getByRole('heading', { name: 'Login Tokens' }).waitFor();
    const first = placeLeft();
    expect(Object.fromEntries(new URL(first, page.url()).searchParams)).toEqual({
      oneTimeUse: 'no',
      failed: 'gte:0',
      sort: expect.stringMatching(/^expiresAt\./),
    });
    await expect.poll(here).toBe(first);

    // Revoked, and the auth server's browser session over too (its cookie gone): the sign-in page, then the same page.
    visited.length = 0;
    await revokeSessions();
    await page.context().clearCookies();
    await outliveAccessToken();
    await sortByExpiry();
    await page.waitForURL((url) => url.pathname.startsWith('/interaction/'), { timeout: 20_000 });
    const second = placeLeft();
    expect(second).not.toBe(first);
    expect(new URL(second, page.url()).searchParams.get('oneTimeUse')).toBe('no');
    await expectNoViolations(page, 'the sign-in page after the session ended');
    await screenshot(page, shots, '33-session-ended-sign-in');
    await signInOnPage(page, EDITOR.email, EDITOR.password);
    await page.getByRole('heading', { name: 'Login Tokens' }).waitFor();
    expect(here()).toBe(second);
    await expect.poll(() => page.getByRole('button', { name: /^Filters \(2\)/ }).count()).toBe(1);
    await screenshot(page, shots, '34-session-back-on-the-page');
  });
});
