import { type Db, hashToken, verifyPassword } from '@latchkey/db';
import { DEMO_AGENT, DEMO_CLIENTS, DEMO_CUSTOMER, DEMO_EDITOR, DEMO_STORE, DEMO_VIEWER, type DemoLogin } from './demo-seed.js';

/** What the banner may print: each login checked against the database as it is now. */
export type WorkingLogins = {
  customer: DemoLogin | null;
  /** The demo customer's login through BigCommerce's door: the store and channel that name the storefront client. */
  bigCommerce: { storeHash: string; channelId: number } | null;
  agent: DemoLogin | null;
  editor: DemoLogin | null;
  viewer: DemoLogin | null;
  /** The client-credentials client the banner names, and where its secret is (a file, or the environment). */
  admin: { clientId: string; secretIn: string } | null;
};

async function clientTakes(db: Db, id: string, grantType: string): Promise<boolean> {
  const client = await db.prisma.oAuthClient.findUnique({ where: { id }, select: { status: true, grantTypes: true } });
  return client?.status === 'active' && client.grantTypes.includes(grantType);
}

/** The storefront client still serves the demo store's channel (the BigCommerce door finds its client by them). */
async function storeServed(db: Db): Promise<boolean> {
  const client = await db.prisma.oAuthClient.findUnique({
    where: { id: DEMO_CLIENTS.storefront },
    select: { storeHash: true, channelIds: true },
  });
  return client?.storeHash === DEMO_STORE.storeHash && client.channelIds.includes(DEMO_STORE.channelIds[1]);
}

async function customerWorks(db: Db, login: DemoLogin): Promise<boolean> {
  const row = await db.prisma.customer.findUnique({ where: { email: login.email } });
  return Boolean(
    row?.passwordHash && row.status === 'active' && row.emailVerifiedAt && (await verifyPassword(row.passwordHash, login.password)),
  );
}

async function staffWorks(db: Db, login: DemoLogin, role: 'viewer' | 'editor' | 'impersonator'): Promise<boolean> {
  const row = await db.prisma.agent.findUnique({ where: { email: login.email } });
  return Boolean(
    row?.passwordHash && row.status === 'active' && row.roles.includes(role) && (await verifyPassword(row.passwordHash, login.password)),
  );
}

async function secretWorks(db: Db, clientId: string, secret: string): Promise<boolean> {
  const client = await db.prisma.oAuthClient.findUnique({ where: { id: clientId } });
  return client?.status === 'active' && client.grantTypes.includes('client_credentials') && client.secretHash === hashToken(secret);
}

/**
 * The demo logins that work right now (the client exists and takes the
 * grant, the person exists, is active, has the role, and the demo password
 * is still theirs), and the admin client whose secret the banner can point to.
 */
export async function workingLogins(db: Db, admin: { clientId: string; secret: string; secretIn: string } | null): Promise<WorkingLogins> {
  const [storefront, agentConsole, backOffice] = await Promise.all([
    clientTakes(db, DEMO_CLIENTS.storefront, 'password'),
    clientTakes(db, DEMO_CLIENTS.agentConsole, 'password'),
    clientTakes(db, DEMO_CLIENTS.backOffice, 'password'),
  ]);
  const [customer, store, agent, editor, viewer, adminOk] = await Promise.all([
    storefront && customerWorks(db, DEMO_CUSTOMER),
    storefront && storeServed(db),
    agentConsole && staffWorks(db, DEMO_AGENT, 'impersonator'),
    backOffice && staffWorks(db, DEMO_EDITOR, 'editor'),
    backOffice && staffWorks(db, DEMO_VIEWER, 'viewer'),
    admin ? secretWorks(db, admin.clientId, admin.secret) : false,
  ]);
  return {
    customer: customer ? DEMO_CUSTOMER : null,
    bigCommerce: customer && store ? { storeHash: DEMO_STORE.storeHash, channelId: DEMO_STORE.channelIds[1] } : null,
    agent: agent ? DEMO_AGENT : null,
    editor: editor ? DEMO_EDITOR : null,
    viewer: viewer ? DEMO_VIEWER : null,
    admin: admin && adminOk ? { clientId: admin.clientId, secretIn: admin.secretIn } : null,
  };
}
