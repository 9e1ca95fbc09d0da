import { createAgent, createClient, createCompanyUser, createCustomer, postForm, TEST_SECRET_KEY } from '@latchkey/auth/testing';
import { type Policy, parsePolicy, TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import { createLoginToken, createSecretBox, type Db } from '@latchkey/db';
import type { TokenFuzzWorld } from './token-requests.js';

/**
 * argon2id at its cheapest: the fuzz is about what the endpoint does with
 * input, and at production cost the right-password cases would dominate
 * the run time. Customers are hashed with it and so is the server's
 * dummy hash, so no login rehashes.
 */
export const cheapHashPolicy: Policy = parsePolicy({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });

const SECRET = 'lks_fuzz-client-secret-0123456789abcdefghij';
const LINK_SECRET = 'login-link-secret-0123456789abcdefghijkl';

/** Clients, customers, an agent and company users for the token-endpoint fuzz. */
async function seedTokenFuzzDb(db: Db) {
  const box = createSecretBox(TEST_SECRET_KEY);
  const every = ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT, 'authorization_code'];
  const links = { loginLinkSecretEnc: box.seal(LINK_SECRET), redirectUris: ['https://shop.example.com/callback'] };
  await createClient(db, {
    id: 'storefront',
    grantTypes: every,
    scopes: ['storefront', 'punchout'],
    corsOrigins: ['https://shop.example.com'],
    extra: links,
  });
  await createClient(db, { id: 'strict-shop', grantTypes: ['password', 'refresh_token'], overrides: { refreshReuseGraceSeconds: 0 } });
  await createClient(db, { id: 'agent-console', subjectType: 'agent', grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT] });
  await createClient(db, {
    id: 'back-office',
    type: 'confidential',
    secret: SECRET,
    grantTypes: ['client_credentials'],
    scopes: ['admin:read', 'admin:write'],
  });
  await createClient(db, {
    id: 'partner',
    type: 'confidential',
    secret: SECRET,
    grantTypes: [...every, 'client_credentials'],
    scopes: ['storefront'],
    extra: links,
  });

  const customer = await createCustomer(db, { email: 'fuzz@example.com', password: 'fuzz-password-1', policy: cheapHashPolicy });
  const others = await Promise.all(
    ['ada', 'bob', 'cyd'].map((name) => createCustomer(db, { email: `${name}@example.com`, policy: cheapHashPolicy })),
  );
  const companyUsers = [
    (await createCompanyUser(db, customer.id)).companyUser.id,
    (await createCompanyUser(db, customer.id, { isDefault: false, companyName: 'Second' })).companyUser.id,
  ];
  companyUsers.push((await createCompanyUser(db, others[0]!.id, { companyName: 'Ada Ltd' })).companyUser.id);
  await createAgent(db, { email: 'rep@example.com', password: 'agent-pass-1' });

  const expiresAt = new Date(Date.now() + 24 * 3600_000);
  const loginTokens = [
    (await createLoginToken(db.prisma, { clientId: 'storefront', customerId: customer.id, expiresAt, oneTimeUse: false })).token,
    (await createLoginToken(db.prisma, { clientId: 'storefront', companyUserId: companyUsers[1], expiresAt, oneTimeUse: true })).token,
    (await createLoginToken(db.prisma, { clientId: 'storefront', expiresAt, oneTimeUse: false })).token,
  ];
  return { customerIds: [customer.id, ...others.map((c) => c.id)], companyUserIds: companyUsers, loginTokens, secret: SECRET };
}

/** The world the generator draws from, with real tokens minted through the running server. */
export async function tokenFuzzWorld(db: Db, url: string): Promise<TokenFuzzWorld> {
  const seeded = await seedTokenFuzzDb(db);
  const login = async (clientId: string, username: string, password: string) => {
    const { status, body } = await postForm(`${url}/token`, { grant_type: 'password', client_id: clientId, username, password });
    if (status !== 200) throw new Error(`fuzz world: login of ${username} failed: ${JSON.stringify(body)}`);
    return body as { access_token: string; refresh_token: string };
  };
  const customer = { username: 'fuzz@example.com', password: 'fuzz-password-1' };
  const agent = { username: 'rep@example.com', password: 'agent-pass-1' };
  const sessions = [
    await login('storefront', customer.username, customer.password),
    await login('strict-shop', customer.username, customer.password),
  ];
  const agentSession = await login('agent-console', agent.username, agent.password);
  // Browser sessions through login links (bound to storefront): Bob's, Cyd's (then disabled), an anonymous one.
  const openLink = async (customerId: string | null) => {
    const link = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      customerId,
      expiresAt: new Date(Date.now() + 24 * 3600_000),
      oneTimeUse: true,
    });
    const response = await fetch(`${url}/login/token/${link.token}`, { redirect: 'manual' });
    return response.headers
      .getSetCookie()
      .map((cookie) => cookie.split(';')[0])
      .join('; ');
  };
  const browserSessions = [await openLink(seeded.customerIds[2]!), await openLink(seeded.customerIds[3]!), await openLink(null)];
  await db.prisma.customer.update({ where: { id: seeded.customerIds[3]! }, data: { status: 'disabled' } });
  return {
    publicClients: ['storefront', 'strict-shop', 'agent-console'],
    confidentialClients: [
      { id: 'back-office', secret: seeded.secret },
      { id: 'partner', secret: seeded.secret },
    ],
    customer,
    agent,
    otherUsernames: ['ada@example.com', 'bob@example.com', 'cyd@example.com'],
    customerIds: seeded.customerIds,
    companyUserIds: seeded.companyUserIds,
    accessTokens: sessions.map((s) => s.access_token),
    agentAccessTokens: [agentSession.access_token],
    refreshTokens: [...sessions.map((s) => s.refresh_token), agentSession.refresh_token],
    loginTokens: seeded.loginTokens,
    audience: url,
    browserSessions,
  };
}
