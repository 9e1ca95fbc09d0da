import { appRouter, createApiServer } from '@latchkey/api';
import {
  basicAuth,
  createAdminClients,
  createAgent,
  createClient,
  createCompanyUser,
  createCustomer,
  postForm,
  type RunningAuth,
  TEST_SECRET_KEY,
} from '@latchkey/auth/testing';
import { createLoginToken, createSecretBox, type Db } from '@latchkey/db';
import { z } from 'zod';
import type { AdminFuzzWorld, AdminProcedure } from './admin-requests.js';
import type { JsonSchema } from './schema-values.js';
import { cheapHashPolicy } from './token-world.js';

const ADMIN_SECRET = 'lks_admin-fuzz-secret-0123456789abcdefghijk';

type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] } };

/**
 * Every procedure of the router with its input as JSON Schema. `_def` is
 * tRPC's router record (not a documented API, but what its own tooling
 * reads): listing procedures from it keeps the fuzz in step with the router.
 */
function adminProcedures(): AdminProcedure[] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).flatMap(([path, procedure]) => {
    const { type, inputs } = procedure._def;
    if (type === 'subscription') return [];
    const input = inputs[0] ? (z.toJSONSchema(inputs[0] as z.ZodType, { unrepresentable: 'any', io: 'input' }) as JsonSchema) : null;
    return [{ path, type, input }];
  });
}

async function clientCredentials(authUrl: string, clientId: string): Promise<string> {
  const { status, body } = await postForm(
    `${authUrl}/token`,
    { grant_type: 'client_credentials' },
    { authorization: basicAuth(clientId, ADMIN_SECRET) },
  );
  if (status !== 200) throw new Error(`admin fuzz world: no token for ${clientId}: ${JSON.stringify(body)}`);
  return String(body.access_token);
}

/** Seeds rows for the admin API fuzz, starts the api against `auth`, and fetches the tokens it is called with. */
export async function adminFuzzWorld(db: Db, auth: RunningAuth) {
  await createAdminClients(db, ADMIN_SECRET);
  await createClient(db, { id: 'storefront' });
  const customer = await createCustomer(db, { email: 'admin-fuzz@example.com', password: 'admin-fuzz-1', policy: cheapHashPolicy });
  const { company, role, companyUser } = await createCompanyUser(db, customer.id);
  const agent = await createAgent(db);
  const expiresAt = new Date(Date.now() + 3600_000);
  const loginToken = await createLoginToken(db.prisma, { clientId: 'storefront', customerId: customer.id, expiresAt, oneTimeUse: true });

  const login = await postForm(`${auth.url}/token`, {
    grant_type: 'password',
    client_id: 'storefront',
    username: 'admin-fuzz@example.com',
    password: 'admin-fuzz-1',
  });
  if (login.status !== 200) throw new Error(`admin fuzz world: customer login failed: ${JSON.stringify(login.body)}`);
  const grant = await db.prisma.oidcPayload.findFirst({ where: { kind: 'Grant' }, select: { id: true } });

  const api = await createApiServer({
    db,
    policy: cheapHashPolicy,
    secretBox: createSecretBox(TEST_SECRET_KEY),
    issuer: auth.issuer,
  }).listen(0, '127.0.0.1');
  const world: AdminFuzzWorld = {
    procedures: adminProcedures(),
    // Rotating the signing key on every hit would retire the key the fuzz's own tokens are signed with.
    spared: new Set(['keys.rotate']),
    tokens: {
      admin: await clientCredentials(auth.url, 'back-office'),
      readOnly: await clientCredentials(auth.url, 'viewer'),
      customer: String(login.body.access_token),
    },
    real: {
      uuids: [customer.id, company.id, role.id, companyUser.id, agent.id, loginToken.record.id, ...(grant ? [grant.id] : [])],
      clientIds: ['storefront', 'viewer'],
    },
  };
  return { api, world };
}
