// Test support shared by every package that needs a real auth server:
// Latchkey on a fresh database, listening on a free port with its issuer
// set to that port, plus fixtures for clients and customers.
import { once } from 'node:events';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultPolicy, type Policy } from '@latchkey/core';
import { createSecretBox, type Db, hashPassword, hashToken } from '@latchkey/db';
import { type AuthServer, type AuthServerDeps, createAuthServer } from './server.js';

export const TEST_SECRET_KEY = 'latchkey-test-secret-key-0123456789abcdef';

/** A clock tests move by hand (grace windows, lockout backoff, key rotation). */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}

export type RunningAuth = { auth: AuthServer; url: string; issuer: string; close(): Promise<void> };

export async function startAuthServer(db: Db, options: Partial<AuthServerDeps> = {}): Promise<RunningAuth> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = await createAuthServer({ db, issuer: url, secretBox: createSecretBox(TEST_SECRET_KEY), ...options });
  server.on('request', (req, res) => auth.handle(req, res));
  return {
    auth,
    url,
    issuer: url,
    async close() {
      await auth.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ClientFixture = {
  id?: string;
  type?: 'public' | 'confidential';
  subjectType?: 'customer' | 'agent';
  grantTypes?: readonly string[];
  scopes?: readonly string[];
  corsOrigins?: readonly string[];
  secret?: string;
  overrides?: Partial<
    Record<'accessTokenTtlSeconds' | 'refreshTokenIdleTtlSeconds' | 'refreshTokenAbsoluteTtlSeconds' | 'refreshReuseGraceSeconds', number>
  >;
  extra?: Record<string, unknown>;
};

export async function createClient(db: Db, fixture: ClientFixture = {}) {
  const type = fixture.type ?? 'public';
  return db.prisma.oAuthClient.create({
    data: {
      id: fixture.id ?? 'storefront',
      name: fixture.id ?? 'Storefront',
      type,
      subjectType: fixture.subjectType ?? 'customer',
      secretHash: fixture.secret ? hashToken(fixture.secret) : null,
      grantTypes: [...(fixture.grantTypes ?? ['password', 'refresh_token'])],
      scopes: [...(fixture.scopes ?? ['storefront'])],
      corsOrigins: [...(fixture.corsOrigins ?? [])],
      ...fixture.overrides,
      ...fixture.extra,
    },
  });
}

/** The admin API's machine clients, sharing one secret: `back-office` may read and write, `viewer` only read. */
export async function createAdminClients(db: Db, secret: string) {
  const grantTypes = ['client_credentials'];
  await createClient(db, { id: 'back-office', type: 'confidential', secret, grantTypes, scopes: ['admin:read', 'admin:write'] });
  await createClient(db, { id: 'viewer', type: 'confidential', secret, grantTypes, scopes: ['admin:read'] });
}

export type CustomerFixture = {
  email?: string;
  password?: string;
  verified?: boolean;
  status?: 'active' | 'disabled';
  reference?: string;
  policy?: Policy;
};

export async function createCustomer(db: Db, fixture: CustomerFixture = {}) {
  const email = fixture.email ?? 'sonia@example.com';
  return db.prisma.customer.create({
    data: {
      email,
      reference: fixture.reference ?? `REF-${email}`,
      passwordHash: await hashPassword(fixture.password ?? 'change123', (fixture.policy ?? defaultPolicy).passwordHash),
      emailVerifiedAt: fixture.verified === false ? null : new Date(),
      firstName: 'Sonia',
      lastName: 'Wagner',
      status: fixture.status ?? 'active',
    },
  });
}

/** A company with a role (two permissions) and the customer as its default company user. */
export async function createCompanyUser(db: Db, customerId: string, options: { isDefault?: boolean; companyName?: string } = {}) {
  const company = await db.prisma.company.create({ data: { name: options.companyName ?? 'ACME GmbH' } });
  const role = await db.prisma.companyRole.create({
    data: {
      companyId: company.id,
      name: 'Buyer',
      permissions: {
        create: [{ key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } }, { key: 'create_address' }],
      },
    },
  });
  const companyUser = await db.prisma.companyUser.create({
    data: { customerId, companyId: company.id, roleId: role.id, isDefault: options.isDefault ?? true },
  });
  return { company, role, companyUser };
}

export async function createAgent(
  db: Db,
  fixture: { email?: string; password?: string; status?: 'active' | 'disabled'; roles?: ('viewer' | 'editor' | 'impersonator')[] } = {},
) {
  return db.prisma.agent.create({
    data: {
      email: fixture.email ?? 'rep@example.com',
      passwordHash: await hashPassword(fixture.password ?? 'agent-pass-1', defaultPolicy.passwordHash),
      firstName: 'Rita',
      lastName: 'Rep',
      status: fixture.status ?? 'active',
      roles: fixture.roles ?? ['impersonator'],
    },
  });
}

/** POSTs a form to the token endpoint (or another), returning status, headers and JSON body. */
export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { raw: text };
  }
  return { status: response.status, headers: response.headers, body };
}

/**
 * A request with a Host header of the caller's choosing (fetch sets its
 * own), returning status, headers and JSON body.
 */
export async function requestWithHost(url: string, host: string, options: { method?: string; form?: Record<string, string> } = {}) {
  const body = options.form ? new URLSearchParams(options.form).toString() : '';
  const headers = {
    host,
    ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
  };
  const req = request(url, { method: options.method ?? (options.form ? 'POST' : 'GET'), headers });
  req.end(body);
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk;
  return { status: res.statusCode ?? 0, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

export const basicAuth = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** What a browser ended on: the last answer, and where the auth server sent it off-site (a client's redirect_uri), if it did. */
export type Visited = { response: Response; url: string; body: string; leftTo: string | null };

/**
 * A browser for tests, over real HTTP: it keeps the auth server's cookies
 * (by name and path), follows redirects on the auth server's origin, and
 * stops at the first one that leaves it (the client's callback), as a
 * browser would arrive there.
 */
export function createBrowser(origin: string) {
  const jar = new Map<string, { value: string; path: string }>();
  const cookieHeader = (path: string) =>
    [...jar.entries()]
      .filter(([, c]) => path.startsWith(c.path))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)).getTime() <= Date.now()) || value === '';
      const key = `${name}`;
      if (expired) jar.delete(key);
      else jar.set(key, { value, path });
    }
  };

  async function visit(target: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Visited> {
    let url = new URL(target, origin);
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 10; hop += 1) {
      const headers: Record<string, string> = { cookie: cookieHeader(url.pathname) };
      if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(url, { method, headers, body, redirect: 'manual' });
      keep(response);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { response, url: url.href, body: await response.text(), leftTo: null };
      }
      await response.arrayBuffer();
      const next = new URL(location, url);
      if (next.origin !== new URL(origin).origin) return { response, url: url.href, body: '', leftTo: next.href };
      url = next;
      method = 'GET';
      body = undefined;
    }
    throw new Error(`too many redirects from ${target}`);
  }

  return { visit, cookies: () => new Map([...jar.entries()].map(([name, c]) => [name, c.value])) };
}

export type Browser = ReturnType<typeof createBrowser>;

/** The hidden CSRF field of a sign-in page. */
export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
/** Where the sign-in page posts its form. */
export const formActionOf = (html: string, kind: 'login' | 'abort' = 'login'): string =>
  new RegExp(`action="(/interaction/[^"]+/${kind})"`).exec(html)?.[1] ?? '';

/**
 * Signs in through the sign-in page as a person would: open the
 * authorization URL, fill in the form, submit it. Answers the page the
 * browser ended on (`leftTo`: the client's callback URL with code and state).
 */
export async function signInThroughPage(browser: Browser, authorizationUrl: string, email: string, password: string): Promise<Visited> {
  const page = await browser.visit(authorizationUrl);
  if (page.leftTo) return page;
  return browser.visit(formActionOf(page.body), { form: { csrf: csrfOf(page.body), email, password } });
}
