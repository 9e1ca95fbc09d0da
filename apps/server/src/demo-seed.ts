import { type Policy, TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import { type Db, hashPassword, hashToken, randomToken, type SecretBox } from '@latchkey/db';

/** A person of the demo world and the password it was made with. */
export type DemoLogin = { email: string; password: string };

export const DEMO_CUSTOMER: DemoLogin = { email: 'sonia@example.com', password: 'change123' };
const DEMO_COLLEAGUE: DemoLogin = { email: 'karl@example.com', password: 'change123' };
export const DEMO_AGENT: DemoLogin = { email: 'rep@example.com', password: 'agent-pass-1' };
export const DEMO_EDITOR: DemoLogin = { email: 'editor@example.com', password: 'editor-pass-1' };
export const DEMO_VIEWER: DemoLogin = { email: 'viewer@example.com', password: 'viewer-pass-1' };

export const DEMO_CLIENTS = {
  storefront: 'storefront',
  agentConsole: 'agent-console',
  backOffice: 'back-office',
  admin: 'demo-admin',
} as const;

const SPA = 'http://localhost:3000';

/** The demo storefront's BigCommerce store: the seed's own store hash and channel (and channel 1, a store's default). */
export const DEMO_STORE = { storeHash: '1234abcd', channelIds: [1, 1000234] } as const;

/** Made only when missing: a demo row someone changed stays as they left it (the banner checks what still works). */
async function ensureClients(db: Db, box: SecretBox) {
  const clients = [
    {
      id: DEMO_CLIENTS.storefront,
      name: 'Demo storefront (SPA)',
      type: 'public' as const,
      subjectType: 'customer' as const,
      grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT, 'authorization_code'],
      scopes: ['storefront', 'punchout'],
      redirectUris: [`${SPA}/callback`],
      corsOrigins: [SPA, 'http://localhost:5173'],
      baseUrl: SPA,
      landingUrl: `${SPA}/account`,
      loginUrl: `${SPA}/login`,
      loginLinkSecretEnc: box.seal(randomToken()),
      loginTokenDefault: true,
      storeHash: DEMO_STORE.storeHash,
      channelIds: [...DEMO_STORE.channelIds],
    },
    {
      id: DEMO_CLIENTS.agentConsole,
      name: 'Demo agent console',
      type: 'public' as const,
      subjectType: 'agent' as const,
      grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT],
      scopes: ['agent'],
      corsOrigins: ['http://localhost:3001'],
    },
    {
      // The back office's staff client: the console signs in on it with the code flow and PKCE.
      id: DEMO_CLIENTS.backOffice,
      name: 'Latchkey back office',
      type: 'public' as const,
      subjectType: 'agent' as const,
      grantTypes: ['authorization_code', 'refresh_token', 'password'],
      scopes: ['admin:read', 'admin:write'],
      redirectUris: ['http://localhost:4001/console/callback', 'http://localhost:5173/callback'],
      corsOrigins: ['http://localhost:4001', 'http://localhost:5173'],
    },
  ];
  for (const client of clients) await db.prisma.oAuthClient.upsert({ where: { id: client.id }, create: client, update: {} });
}

/** The demo's own admin client, with a new secret when it is made or when its secret was lost. */
async function ensureAdminClient(db: Db, knownSecret: string | null): Promise<{ clientId: string; clientSecret: string }> {
  const existing = await db.prisma.oAuthClient.findUnique({ where: { id: DEMO_CLIENTS.admin } });
  if (existing && knownSecret && existing.secretHash === hashToken(knownSecret))
    return { clientId: existing.id, clientSecret: knownSecret };
  const clientSecret = randomToken('lks_');
  const data = {
    name: 'Demo back office (client credentials)',
    type: 'confidential' as const,
    status: 'active' as const,
    secretHash: hashToken(clientSecret),
    grantTypes: ['client_credentials'],
    scopes: ['admin:read', 'admin:write'],
  };
  await db.prisma.oAuthClient.upsert({ where: { id: DEMO_CLIENTS.admin }, create: { id: DEMO_CLIENTS.admin, ...data }, update: data });
  return { clientId: DEMO_CLIENTS.admin, clientSecret };
}

async function ensureCompany(db: Db, name: string) {
  return (
    (await db.prisma.company.findFirst({ where: { name }, orderBy: { createdAt: 'asc' } })) ?? db.prisma.company.create({ data: { name } })
  );
}

async function ensureRole(
  db: Db,
  companyId: string,
  name: string,
  isDefault: boolean,
  permissions: { key: string; configuration?: object }[],
) {
  return db.prisma.companyRole.upsert({
    where: { companyId_name: { companyId, name } },
    create: { companyId, name, isDefault, permissions: { create: permissions } },
    update: {},
  });
}

async function ensurePeople(db: Db, policy: Policy) {
  const hash = (password: string) => hashPassword(password, policy.passwordHash);
  const customer = async (login: DemoLogin, reference: string, firstName: string, lastName: string) =>
    (await db.prisma.customer.findUnique({ where: { email: login.email } })) ??
    db.prisma.customer.create({
      data: { reference, email: login.email, passwordHash: await hash(login.password), emailVerifiedAt: new Date(), firstName, lastName },
    });
  const sonia = await customer(DEMO_CUSTOMER, 'DE--21', 'Sonia', 'Wagner');
  const karl = await customer(DEMO_COLLEAGUE, 'DE--22', 'Karl', 'Schmidt');
  const acme = await ensureCompany(db, 'ACME GmbH');
  const subsidiary = await ensureCompany(db, 'ACME Logistics');
  const buyer = await ensureRole(db, acme.id, 'Buyer', true, [
    { key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } },
    { key: 'WriteSharedCartPermissionPlugin', configuration: { id_quote_collection: [21] } },
    { key: 'create_address' },
  ]);
  const approver = await ensureRole(db, acme.id, 'Approver', false, [
    { key: 'ApproveQuotePermissionPlugin', configuration: { limit: 10000 } },
  ]);
  const logistics = await ensureRole(db, subsidiary.id, 'Viewer', false, [{ key: 'ReadOrdersPermissionPlugin' }]);
  const memberships = [
    { customerId: sonia.id, companyId: acme.id, roleId: buyer.id, isDefault: true },
    { customerId: sonia.id, companyId: subsidiary.id, roleId: logistics.id, isDefault: false },
    { customerId: karl.id, companyId: acme.id, roleId: approver.id, isDefault: true },
  ];
  for (const m of memberships) {
    await db.prisma.companyUser.upsert({
      where: { customerId_companyId: { customerId: m.customerId, companyId: m.companyId } },
      create: m,
      update: {},
    });
  }
  const staff: [DemoLogin, string, string, ('viewer' | 'editor' | 'impersonator')[]][] = [
    [DEMO_AGENT, 'Rita', 'Rep', ['impersonator']],
    [DEMO_EDITOR, 'Emil', 'Editor', ['editor']],
    [DEMO_VIEWER, 'Vera', 'Viewer', ['viewer']],
  ];
  for (const [login, firstName, lastName, roles] of staff) {
    if (await db.prisma.agent.findUnique({ where: { email: login.email }, select: { id: true } })) continue;
    await db.prisma.agent.create({ data: { email: login.email, passwordHash: await hash(login.password), firstName, lastName, roles } });
  }
}

/**
 * The demo world, made row by row where a row is missing (whatever else the
 * database holds): a storefront SPA client, an agent console, the back
 * office's staff client, a customer in two companies and a colleague, an
 * agent who may act for customers, an editor and a viewer, and, when asked,
 * the demo's own admin client. Rows that exist are left as they are.
 * Answers the admin client's credentials when it was asked for.
 */
export async function seedDemoWorld(
  db: Db,
  box: SecretBox,
  policy: Policy,
  admin: { knownSecret: string | null } | null,
): Promise<{ admin: { clientId: string; clientSecret: string } | null }> {
  await ensureClients(db, box);
  await ensurePeople(db, policy);
  return { admin: admin ? await ensureAdminClient(db, admin.knownSecret) : null };
}
