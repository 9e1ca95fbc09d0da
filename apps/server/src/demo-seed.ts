import { type Policy, TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import { type Db, hashPassword, hashToken, randomToken, type SecretBox } from '@latchkey/db';

export type DemoWorld = {
  customer: { email: string; password: string };
  agent: { email: string; password: string };
  storefrontClientId: string;
  agentConsoleClientId: string;
  /** Present when the demo made the admin client (no LATCHKEY_ADMIN_CLIENT_* given). */
  admin: { clientId: string; clientSecret: string } | null;
};

const CUSTOMER = { email: 'sonia@example.com', password: 'change123' };
const AGENT = { email: 'rep@example.com', password: 'agent-pass-1' };

async function seedClients(db: Db, box: SecretBox, withAdmin: boolean) {
  const spa = 'http://localhost:3000';
  await db.prisma.oAuthClient.create({
    data: {
      id: 'storefront',
      name: 'Demo storefront (SPA)',
      type: 'public',
      subjectType: 'customer',
      grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT, 'authorization_code'],
      scopes: ['storefront', 'punchout'],
      redirectUris: [`${spa}/callback`],
      corsOrigins: [spa, 'http://localhost:5173'],
      baseUrl: spa,
      landingUrl: `${spa}/account`,
      loginUrl: `${spa}/login`,
      loginLinkSecretEnc: box.seal(randomToken()),
    },
  });
  await db.prisma.oAuthClient.create({
    data: {
      id: 'agent-console',
      name: 'Demo agent console',
      type: 'public',
      subjectType: 'agent',
      grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT],
      scopes: ['agent'],
      corsOrigins: ['http://localhost:3001'],
    },
  });
  if (!withAdmin) return null;
  const clientSecret = randomToken('lks_');
  await db.prisma.oAuthClient.create({
    data: {
      id: 'demo-admin',
      name: 'Demo back office',
      type: 'confidential',
      secretHash: hashToken(clientSecret),
      grantTypes: ['client_credentials'],
      scopes: ['admin:read', 'admin:write'],
    },
  });
  return { clientId: 'demo-admin', clientSecret };
}

async function seedPeople(db: Db, policy: Policy) {
  const hash = (password: string) => hashPassword(password, policy.passwordHash);
  const [sonia, karl] = await Promise.all([
    db.prisma.customer.create({
      data: {
        reference: 'DE--21',
        email: CUSTOMER.email,
        passwordHash: await hash(CUSTOMER.password),
        emailVerifiedAt: new Date(),
        firstName: 'Sonia',
        lastName: 'Wagner',
      },
    }),
    db.prisma.customer.create({
      data: {
        reference: 'DE--22',
        email: 'karl@example.com',
        passwordHash: await hash('change123'),
        emailVerifiedAt: new Date(),
        firstName: 'Karl',
        lastName: 'Schmidt',
      },
    }),
  ]);
  const acme = await db.prisma.company.create({ data: { name: 'ACME GmbH' } });
  const subsidiary = await db.prisma.company.create({ data: { name: 'ACME Logistics' } });
  const buyer = await db.prisma.companyRole.create({
    data: {
      companyId: acme.id,
      name: 'Buyer',
      isDefault: true,
      permissions: {
        create: [
          { key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [21, 22] } },
          { key: 'WriteSharedCartPermissionPlugin', configuration: { id_quote_collection: [21] } },
          { key: 'create_address' },
        ],
      },
    },
  });
  const approver = await db.prisma.companyRole.create({
    data: {
      companyId: acme.id,
      name: 'Approver',
      permissions: { create: [{ key: 'ApproveQuotePermissionPlugin', configuration: { limit: 10000 } }] },
    },
  });
  const logistics = await db.prisma.companyRole.create({
    data: { companyId: subsidiary.id, name: 'Viewer', permissions: { create: [{ key: 'ReadOrdersPermissionPlugin' }] } },
  });
  await db.prisma.companyUser.createMany({
    data: [
      { customerId: sonia.id, companyId: acme.id, roleId: buyer.id, isDefault: true },
      { customerId: sonia.id, companyId: subsidiary.id, roleId: logistics.id },
      { customerId: karl.id, companyId: acme.id, roleId: approver.id, isDefault: true },
    ],
  });
  await db.prisma.agent.create({
    data: { email: AGENT.email, passwordHash: await hash(AGENT.password), firstName: 'Rita', lastName: 'Rep', roles: ['impersonator'] },
  });
}

/**
 * A small demo world, made on the first start of an empty database: a
 * storefront SPA client, an agent console, a customer in two companies, a
 * colleague, an agent and (without LATCHKEY_ADMIN_CLIENT_*) an admin client.
 * Returns null when the database already has clients.
 */
export async function seedDemoWorld(db: Db, box: SecretBox, policy: Policy, withAdmin: boolean): Promise<DemoWorld | null> {
  if ((await db.prisma.oAuthClient.count()) > 0) return null;
  const admin = await seedClients(db, box, withAdmin);
  await seedPeople(db, policy);
  return { customer: CUSTOMER, agent: AGENT, storefrontClientId: 'storefront', agentConsoleClientId: 'agent-console', admin };
}

export const DEMO_CUSTOMER = CUSTOMER;
export const DEMO_AGENT = AGENT;
