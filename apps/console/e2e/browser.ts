import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; --no-sandbox because CI runs as root. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh browser profile: no cookies, no tokens. axe is injected as a script, which the console's CSP would refuse. */
export function newContext(browser: Browser, origin: string): Promise<BrowserContext> {
  return browser
    .newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: true, locale: 'en-GB', timezoneId: 'Europe/Berlin' })
    .then(async (context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      return context;
    });
}

/** Where a run's screenshots go: the test's artifacts directory, one folder per database. */
export function artifactsDir(database: string): string {
  return process.env.LATCHKEY_E2E_ARTIFACTS
    ? path.join(process.env.LATCHKEY_E2E_ARTIFACTS, database)
    : path.join(here, '..', 'e2e-artifacts', database);
}

export async function screenshot(
  page: Page,
  dir: string,
  name: string,
  clip?: { x: number; y: number; width: number; height: number },
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, ...(clip ? { clip } : {}) });
  return file;
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's WCAG 2.1 A and AA rules on the page as it is now; answers the violations, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return (violations as AxeViolation[]).map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Latchkey's sign-in page, filled in; answers when the browser is back in the console. */
export async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/console/') && url.pathname !== '/console/callback');
}

export type Login = { email: string; password: string };

/**
 * A fresh browser profile signed in on Latchkey's sign-in page, on the
 * console page at `path` (relative to the console's URL); answers once the
 * page's heading shows.
 */
export async function openSignedIn(
  browser: Browser,
  consoleUrl: string,
  who: Login,
  path: string,
  heading: string,
  { fakeClock = false }: { fakeClock?: boolean } = {},
) {
  const context = await newContext(browser, new URL(consoleUrl).origin);
  // A page whose clock the test moves (clock.fastForward) sees its tokens expire when the test says, not when a timer races the load.
  if (fakeClock) await context.clock.install();
  const page = await context.newPage();
  await page.goto(new URL(path, consoleUrl).href);
  await page.waitForURL((url) => url.pathname.startsWith('/interaction/'));
  await signInOnPage(page, who.email, who.password);
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
  return { context, page };
}
