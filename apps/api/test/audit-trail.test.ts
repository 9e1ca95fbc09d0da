import { createOidcPayloadStore, insertStorefrontToken } from '@latchkey/db';
import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/index.js';
import { createHarness, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const PASSWORD = 'audit-me-password-1';
const NEW_PASSWORD = 'audit-me-password-2';
const LOGIN_LINK_SECRET = 'audit-login-link-secret-0123456789abcdef';
/** Values that must never reach an audit row. */
const secrets: string[] = [PASSWORD, NEW_PASSWORD, LOGIN_LINK_SECRET];

type Expectation = { action: string; subjectType: string; subjectId: string };
const ids: Record<string, string> = {};

// One scenario per mutation, run in this order (later ones use what earlier ones made).
const scenarios: Record<string, () => Promise<Expectation>> = {
  'customers.create': async () => {
    const c = await h.admin.customers.create({
      email: 'audit@example.com',
      password: PASSWORD,
      firstName: 'A',
      lastName: 'U',
      emailVerified: true,
    });
    ids.customer = c.id;
    return { action: 'customer.create', subjectType: 'customer', subjectId: c.id };
  },
  'customers.update': async () => {
    await h.admin.customers.update({ id: ids.customer!, lastName: 'Dit' });
    return { action: 'customer.update', subjectType: 'customer', subjectId: ids.customer! };
  },
  'customers.setPassword': async () => {
    await h.admin.customers.setPassword({ id: ids.customer!, password: NEW_PASSWORD });
    return { action: 'customer.set_password', subjectType: 'customer', subjectId: ids.customer! };
  },
  'customers.revokeSessions': async () => {
    await h.admin.customers.revokeSessions({ id: ids.customer! });
    return { action: 'customer.revoke_sessions', subjectType: 'customer', subjectId: ids.customer! };
  },
  'agents.create': async () => {
    ids.agent = (await h.admin.agents.create({ email: 'agent@example.com', password: PASSWORD, firstName: 'A', lastName: 'G' })).id;
    return { action: 'agent.create', subjectType: 'agent', subjectId: ids.agent };
  },
  'agents.update': async () => {
    await h.admin.agents.update({ id: ids.agent!, roles: ['viewer'] });
    return { action: 'agent.update', subjectType: 'agent', subjectId: ids.agent! };
  },
  'agents.setPassword': async () => {
    await h.admin.agents.setPassword({ id: ids.agent!, password: NEW_PASSWORD });
    return { action: 'agent.set_password', subjectType: 'agent', subjectId: ids.agent! };
  },
  'agents.delete': async () => {
    await h.admin.agents.delete({ id: ids.agent! });
    return { action: 'agent.delete', subjectType: 'agent', subjectId: ids.agent! };
  },
  'companies.create': async () => {
    ids.company = (await h.admin.companies.create({ name: 'Audit AG' })).id;
    return { action: 'company.create', subjectType: 'company', subjectId: ids.company };
  },
  'companies.update': async () => {
    await h.admin.companies.update({ id: ids.company!, name: 'Audit SE' });
    return { action: 'company.update', subjectType: 'company', subjectId: ids.company! };
  },
  'companyRoles.create': async () => {
    ids.role = (await h.admin.companyRoles.create({ companyId: ids.company!, name: 'Buyer', permissions: [{ key: 'buy' }] })).id;
    return { action: 'company_role.create', subjectType: 'company_role', subjectId: ids.role };
  },
  'companyRoles.update': async () => {
    await h.admin.companyRoles.update({ id: ids.role!, permissions: [] });
    return { action: 'company_role.update', subjectType: 'company_role', subjectId: ids.role! };
  },
  'companyUsers.create': async () => {
    ids.companyUser = (await h.admin.companyUsers.create({ customerId: ids.customer!, companyId: ids.company!, roleId: ids.role! })).id;
    return { action: 'company_user.create', subjectType: 'company_user', subjectId: ids.companyUser };
  },
  'companyUsers.update': async () => {
    await h.admin.companyUsers.update({ id: ids.companyUser!, isDefault: true });
    return { action: 'company_user.update', subjectType: 'company_user', subjectId: ids.companyUser! };
  },
  'clients.create': async () => {
    const { clientSecret } = await h.admin.clients.create({
      id: 'audited',
      name: 'Audited',
      type: 'confidential',
      grantTypes: ['client_credentials'],
      loginLinkSecret: LOGIN_LINK_SECRET,
    });
    secrets.push(clientSecret!);
    return { action: 'client.create', subjectType: 'client', subjectId: 'audited' };
  },
  'clients.update': async () => {
    await h.admin.clients.update({ id: 'audited', loginLinkSecret: LOGIN_LINK_SECRET });
    return { action: 'client.update', subjectType: 'client', subjectId: 'audited' };
  },
  'clients.rotateSecret': async () => {
    secrets.push((await h.admin.clients.rotateSecret({ id: 'audited' })).clientSecret);
    return { action: 'client.rotate_secret', subjectType: 'client', subjectId: 'audited' };
  },
  'loginTokens.create': async () => {
    const created = await h.admin.loginTokens.create({ clientId: 'audited', companyUserId: ids.companyUser! });
    secrets.push(created.token);
    ids.loginToken = created.id;
    return { action: 'login_token.create', subjectType: 'login_token', subjectId: created.id };
  },
  'loginTokens.update': async () => {
    await h.admin.loginTokens.update({ id: ids.loginToken!, revoked: true });
    return { action: 'login_token.update', subjectType: 'login_token', subjectId: ids.loginToken! };
  },
  'loginTokens.reveal': async () => {
    await h.admin.loginTokens.reveal({ id: ids.loginToken! });
    return { action: 'login_token.reveal', subjectType: 'login_token', subjectId: ids.loginToken! };
  },
  'loginTokens.delete': async () => {
    await h.admin.loginTokens.delete({ ids: [ids.loginToken!] });
    return { action: 'login_token.delete', subjectType: 'login_token', subjectId: ids.loginToken! };
  },
  'grants.revoke': async () => {
    await createOidcPayloadStore(h.db.sql).upsert('Grant', 'grant-audit', { accountId: ids.customer!, clientId: 'audited' }, 60);
    await h.admin.grants.revoke({ grantId: 'grant-audit' });
    return { action: 'grant.revoke', subjectType: 'grant', subjectId: 'grant-audit' };
  },
  'storefrontTokens.revoke': async () => {
    // A storefront token as the B2B door records one: its grant and its listing row.
    await createOidcPayloadStore(h.db.sql).upsert('Grant', 'grant-storefront', { accountId: ids.customer!, clientId: 'audited' }, 60);
    const at = h.clock.now;
    const id = await insertStorefrontToken(h.db.sql, {
      name: 'audited token',
      customerId: ids.customer!,
      companyUserId: null,
      clientId: 'audited',
      grantId: 'grant-storefront',
      notBefore: at,
      expiresAt: new Date(at.getTime() + 3_600_000),
      createdAt: at,
    });
    await h.admin.storefrontTokens.revoke({ id });
    return { action: 'storefront_token.revoke', subjectType: 'storefront_token', subjectId: id };
  },
  'keys.rotate': async () => ({ action: 'key.rotate', subjectType: 'signing_key', subjectId: (await h.admin.keys.rotate()).kid }),
  'companyUsers.delete': async () => {
    await h.admin.companyUsers.delete({ id: ids.companyUser! });
    return { action: 'company_user.delete', subjectType: 'company_user', subjectId: ids.companyUser! };
  },
  'companyRoles.delete': async () => {
    await h.admin.companyRoles.delete({ id: ids.role! });
    return { action: 'company_role.delete', subjectType: 'company_role', subjectId: ids.role! };
  },
  'companies.delete': async () => {
    await h.admin.companies.delete({ id: ids.company! });
    return { action: 'company.delete', subjectType: 'company', subjectId: ids.company! };
  },
  'clients.delete': async () => {
    await h.admin.clients.delete({ id: 'audited' });
    return { action: 'client.delete', subjectType: 'client', subjectId: 'audited' };
  },
  'customers.delete': async () => {
    await h.admin.customers.delete({ id: ids.customer! });
    return { action: 'customer.delete', subjectType: 'customer', subjectId: ids.customer! };
  },
};

// At runtime `procedures` is flat, keyed by dotted path; its declared type is the nested record.
const mutations = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)
  .filter(([, procedure]) => procedure._def.type === 'mutation')
  .map(([path]) => path);

describe('audit trail', () => {
  it('has a scenario for every mutation of the router', () => {
    expect(Object.keys(scenarios).sort()).toEqual([...mutations].sort());
  });

  it('records every mutation with the calling client, its IP and the subject, and no secret', async () => {
    for (const [path, run] of Object.entries(scenarios)) {
      const before = await h.db.prisma.auditEvent.count();
      const expected = await run();
      const events = await h.db.prisma.auditEvent.findMany({ where: { action: expected.action, subjectId: expected.subjectId } });
      expect(events, path).toHaveLength(1);
      expect(events[0], path).toMatchObject({
        ...expected,
        actorType: 'client',
        actorId: 'backoffice',
        clientId: 'backoffice',
        ip: '203.0.113.7',
      });
      expect(await h.db.prisma.auditEvent.count(), path).toBe(before + 1);
    }
    const all = JSON.stringify(await h.db.prisma.auditEvent.findMany());
    expect(secrets.length).toBe(6);
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it('records nothing when a mutation fails', async () => {
    const before = await h.db.prisma.auditEvent.count();
    await h.admin.customers.create({ email: 'once@example.com', password: PASSWORD, firstName: 'O', lastName: 'N', emailVerified: false });
    await expect(
      h.admin.customers.create({ email: 'once@example.com', password: PASSWORD, firstName: 'O', lastName: 'N', emailVerified: false }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      h.admin.companyUsers.create({
        customerId: '00000000-0000-7000-8000-000000000000',
        companyId: '00000000-0000-7000-8000-000000000000',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.db.prisma.auditEvent.count()).toBe(before + 1);
  });
});
