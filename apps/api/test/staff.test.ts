import { createHash, randomBytes } from 'node:crypto';
import {
  createAgent,
  createBrowser,
  createClient,
  createCompanyUser,
  createCustomer,
  postForm,
  type RunningAuth,
  signInThroughPage,
  startAuthServer,
} from '@latchkey/auth/testing';
import { createSecretBox } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminRouter, createApiServer } from '../src/index.js';
import { SECRET_KEY, testPolicy } from './setup.js';

// Staff over real HTTP: tokens from the auth server's password grant and sign-in page, calls to the admin API.
const CONSOLE = 'https://console.example.com';
let db: TestDb;
let auth: RunningAuth;
let api: { url: string; close(): Promise<void> };
const ids = { editor: '', viewer: '', none: '', sonia: '', karl: '', karlCu: '' };

beforeAll(async () => {
  db = await createTestDb();
  await createClient(db, {
    id: 'back-office',
    subjectType: 'agent',
    grantTypes: ['password', 'refresh_token', 'authorization_code'],
    scopes: ['admin:read', 'admin:write'],
    extra: { redirectUris: [`${CONSOLE}/callback`] },
  });
  await createClient(db, {
    id: 'storefront',
    grantTypes: ['password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange'],
    scopes: ['storefront', 'admin:read'],
  });
  ids.editor = (await createAgent(db, { email: 'editor@example.com', password: 'editor-pass-1', roles: ['editor'] })).id;
  ids.viewer = (await createAgent(db, { email: 'viewer@example.com', password: 'viewer-pass-1', roles: ['viewer'] })).id;
  ids.none = (await createAgent(db, { email: 'none@example.com', password: 'none-pass-1', roles: ['impersonator'] })).id;
  ids.sonia = (await createCustomer(db, { policy: testPolicy })).id;
  ids.karl = (await createCustomer(db, { email: 'karl@example.com', policy: testPolicy })).id;
  ids.karlCu = (await createCompanyUser(db, ids.karl, { companyName: 'Karl Inc' })).companyUser.id;
  const box = createSecretBox(SECRET_KEY);
  auth = await startAuthServer(db, { secretBox: box, policy: testPolicy, clientCacheMs: 0 });
  api = await createApiServer({ db, policy: testPolicy, secretBox: box, issuer: auth.issuer }).listen(0, '127.0.0.1');
});
afterAll(async () => {
  await api?.close();
  await auth?.close();
  await db?.dispose();
});

async function passwordToken(clientId: string, username: string, password: string): Promise<string> {
  const { status, body } = await postForm(`${auth.url}/token`, { grant_type: 'password', client_id: clientId, username, password });
  expect(status, JSON.stringify(body)).toBe(200);
  return String(body.access_token);
}

const adminAs = (token: string) =>
  createTRPCClient<AdminRouter>({ links: [httpLink({ url: `${api.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) })] });

async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'ok';
  } catch (error) {
    if (error instanceof TRPCClientError) return String(error.data?.code);
    throw error;
  }
}

describe('staff in the admin API', () => {
  it('a viewer lists but cannot create, update, delete or reveal; an editor can', async () => {
    const editor = adminAs(await passwordToken('back-office', 'editor@example.com', 'editor-pass-1'));
    const viewer = adminAs(await passwordToken('back-office', 'viewer@example.com', 'viewer-pass-1'));
    const created = await editor.loginTokens.create.mutate({ clientId: 'storefront', customerId: ids.sonia });
    expect(created.createdBy).toBe(ids.editor);

    expect((await viewer.loginTokens.list.query({ ids: [created.id] })).items.map((t) => t.id)).toEqual([created.id]);
    expect(await codeOf(viewer.customers.list.query())).toBe('ok');
    expect(await codeOf(viewer.loginTokens.create.mutate({ clientId: 'storefront' }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.loginTokens.update.mutate({ id: created.id, oneTimeUse: false }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.loginTokens.delete.mutate({ ids: [created.id] }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.loginTokens.reveal.mutate({ id: created.id }))).toBe('FORBIDDEN');
    expect(await codeOf(viewer.customers.update.mutate({ id: ids.sonia, firstName: 'X' }))).toBe('FORBIDDEN');

    expect(await editor.loginTokens.reveal.mutate({ id: created.id })).toEqual({ id: created.id, token: created.token });
    expect(await codeOf(editor.loginTokens.update.mutate({ id: created.id, oneTimeUse: false }))).toBe('ok');
    expect(await codeOf(editor.loginTokens.delete.mutate({ ids: [created.id] }))).toBe('ok');
  });

  it('a staff member without viewer or editor gets no admin scope, and neither does a customer', async () => {
    const token = await passwordToken('back-office', 'none@example.com', 'none-pass-1');
    expect(await codeOf(adminAs(token).customers.list.query())).toBe('FORBIDDEN');
    const customer = await passwordToken('storefront', 'sonia@example.com', 'change123');
    expect(await codeOf(adminAs(customer).customers.list.query())).toBe('FORBIDDEN');
  });

  it('a demotion shows at once in the API and at the next refresh in the token', async () => {
    const demoted = await createAgent(db, { email: 'demoted@example.com', password: 'editor-pass-1', roles: ['editor'] });
    const { body } = await postForm(`${auth.url}/token`, {
      grant_type: 'password',
      client_id: 'back-office',
      username: 'demoted@example.com',
      password: 'editor-pass-1',
    });
    const admin = adminAs(String(body.access_token));
    expect(await codeOf(admin.companies.create.mutate({ name: 'Before' }))).toBe('ok');
    await db.prisma.agent.update({ where: { id: demoted.id }, data: { roles: ['viewer'] } });
    expect(await codeOf(admin.companies.create.mutate({ name: 'After' }))).toBe('FORBIDDEN');
    expect(await codeOf(admin.companies.list.query())).toBe('ok');
    const refreshed = await postForm(`${auth.url}/token`, {
      grant_type: 'refresh_token',
      client_id: 'back-office',
      refresh_token: String(body.refresh_token),
    });
    expect(refreshed.body.scope).toBe('admin:read');
    await db.prisma.agent.update({ where: { id: demoted.id }, data: { status: 'disabled' } });
    expect(await codeOf(admin.companies.list.query())).toBe('FORBIDDEN');
  });

  it('audit rows name the staff member and the client they signed in on', async () => {
    const editor = adminAs(await passwordToken('back-office', 'editor@example.com', 'editor-pass-1'));
    const company = await editor.companies.create.mutate({ name: 'Audited GmbH' });
    const created = await editor.loginTokens.create.mutate({ clientId: 'storefront', customerId: ids.sonia });
    await editor.loginTokens.reveal.mutate({ id: created.id });
    const rows = await db.prisma.auditEvent.findMany({ where: { subjectId: { in: [company.id, created.id] } }, orderBy: { at: 'asc' } });
    expect(rows.map((r) => [r.action, r.actorType, r.actorId, r.clientId])).toEqual([
      ['company.create', 'agent', ids.editor, 'back-office'],
      ['login_token.create', 'agent', ids.editor, 'back-office'],
      ['login_token.reveal', 'agent', ids.editor, 'back-office'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });

  it('a staff member signed in through the sign-in page (code flow) calls the API', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: 'back-office',
      response_type: 'code',
      redirect_uri: `${CONSOLE}/callback`,
      scope: 'openid admin:read admin:write',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      state: 'st',
    });
    const done = await signInThroughPage(createBrowser(auth.url), `/auth?${query}`, 'viewer@example.com', 'viewer-pass-1');
    const code = new URL(done.leftTo!).searchParams.get('code')!;
    const tokens = await postForm(`${auth.url}/token`, {
      grant_type: 'authorization_code',
      client_id: 'back-office',
      code,
      redirect_uri: `${CONSOLE}/callback`,
      code_verifier: verifier,
    });
    const viewer = adminAs(String(tokens.body.access_token));
    expect(await codeOf(viewer.agents.list.query({ search: 'viewer' }))).toBe('ok');
    expect(await codeOf(viewer.companies.create.mutate({ name: 'Nope' }))).toBe('FORBIDDEN');
  });
});

describe('login tokens as the back office uses them', () => {
  const redeem = (token: string) =>
    postForm(`${auth.url}/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      client_id: 'storefront',
      subject_token: token,
      subject_token_type: 'urn:latchkey:params:oauth:token-type:login-token',
    });

  it('a token with no expiry works, and changing its user changes whom it logs in', async () => {
    const editor = adminAs(await passwordToken('back-office', 'editor@example.com', 'editor-pass-1'));
    const created = await editor.loginTokens.create.mutate({
      clientId: 'storefront',
      customerId: ids.sonia,
      expiresAt: null,
      oneTimeUse: false,
    });
    expect(created.expiresAt).toBeNull();
    const first = await redeem(created.token);
    expect(first.status).toBe(200);
    expect(JSON.parse(Buffer.from(String(first.body.access_token).split('.')[1]!, 'base64url').toString()).sub).toBe(ids.sonia);

    const moved = await editor.loginTokens.update.mutate({ id: created.id, companyUserId: ids.karlCu });
    expect(moved).toMatchObject({ customerId: ids.karl, companyUserId: ids.karlCu, subjectType: 'company_user', companyName: 'Karl Inc' });
    const second = await redeem(created.token);
    expect(second.body.id_company_user).toBe(ids.karlCu);
    expect(JSON.parse(Buffer.from(String(second.body.access_token).split('.')[1]!, 'base64url').toString()).sub).toBe(ids.karl);

    const anonymous = await editor.loginTokens.update.mutate({ id: created.id, customerId: null, companyUserId: null });
    expect(anonymous).toMatchObject({ customerId: null, companyUserId: null, subjectType: 'anonymous', subjectName: null });
    expect(
      JSON.parse(Buffer.from(String((await redeem(created.token)).body.access_token).split('.')[1]!, 'base64url').toString()).sub_type,
    ).toBe('anonymous');
  });
});
