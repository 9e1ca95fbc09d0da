import { describe, expect, it } from 'vitest';
import { canImpersonate, canLeaveCompanyUser, canLogIn, canSwitchCompanyUser, claimsFor } from '../src/index.js';
import { agent, companyUser, customer } from './fixtures.js';

describe('canLogIn', () => {
  it('admits an active, verified customer and an active agent', () => {
    expect(canLogIn({ kind: 'customer', customer: customer() }).ok).toBe(true);
    expect(canLogIn({ kind: 'agent', agent: agent() }).ok).toBe(true);
  });

  it('refuses disabled subjects and unverified e-mail', () => {
    expect(canLogIn({ kind: 'customer', customer: customer({ status: 'disabled' }) })).toMatchObject({ code: 'customer_disabled' });
    expect(canLogIn({ kind: 'customer', customer: customer({ emailVerified: false }) })).toMatchObject({
      code: 'customer_email_unverified',
    });
    expect(canLogIn({ kind: 'agent', agent: agent({ status: 'disabled' }) })).toMatchObject({ code: 'agent_disabled' });
  });
});

describe('canSwitchCompanyUser', () => {
  it('admits an own, active company user of an active company', () => {
    expect(canSwitchCompanyUser(customer(), companyUser())).toEqual({ ok: true, value: companyUser() });
  });

  it('refuses each broken link', () => {
    expect(canSwitchCompanyUser(customer({ status: 'disabled' }), companyUser())).toMatchObject({ code: 'customer_disabled' });
    expect(canSwitchCompanyUser(customer(), companyUser({ customerId: 'other' }))).toMatchObject({ code: 'company_user_not_owned' });
    expect(canSwitchCompanyUser(customer(), companyUser({ status: 'disabled' }))).toMatchObject({ code: 'company_user_disabled' });
    expect(canSwitchCompanyUser(customer(), companyUser({ company: { id: 'co_1', status: 'disabled' } }))).toMatchObject({
      code: 'company_disabled',
    });
  });
});

describe('claimsFor', () => {
  const role = {
    id: 'role_1',
    name: 'Buyer',
    permissions: [
      { key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [1, 2] } },
      { key: 'create_address', configuration: null },
      { key: 'place_order' },
    ],
  };

  it('carries the company user, company, role and its permissions', () => {
    expect(claimsFor(customer(), companyUser(), role)).toEqual({
      ok: true,
      value: {
        customer_reference: 'DE--21',
        id_company_user: 'cu_1',
        company_id: 'co_1',
        company_role: 'Buyer',
        permissions: [
          { key: 'ReadSharedCartPermissionPlugin', configuration: { id_quote_collection: [1, 2] } },
          { key: 'create_address' },
          { key: 'place_order' },
        ],
      },
    });
  });

  it('gives a company user without a role no permissions', () => {
    expect(claimsFor(customer(), companyUser(), null)).toEqual({
      ok: true,
      value: { customer_reference: 'DE--21', id_company_user: 'cu_1', company_id: 'co_1', permissions: [] },
    });
  });

  it('gives a customer alone only the reference', () => {
    expect(claimsFor(customer(), null, null)).toEqual({ ok: true, value: { customer_reference: 'DE--21', permissions: [] } });
  });

  it('refuses a disabled customer with or without company user, and a foreign company user', () => {
    expect(claimsFor(customer({ status: 'disabled' }), null, null)).toMatchObject({ code: 'customer_disabled' });
    expect(claimsFor(customer({ status: 'disabled' }), companyUser(), role)).toMatchObject({ code: 'customer_disabled' });
    expect(claimsFor(customer(), companyUser({ customerId: 'x' }), role)).toMatchObject({ code: 'company_user_not_owned' });
  });
});

describe('canImpersonate', () => {
  it('names the agent in the act claim', () => {
    expect(canImpersonate({ kind: 'agent', agent: agent() }, customer())).toEqual({ ok: true, value: { sub: 'agt_1', sub_type: 'agent' } });
  });

  it('refuses customers as actors, disabled or unpermitted agents, disabled customers', () => {
    expect(canImpersonate({ kind: 'customer', id: 'cus_2' }, customer())).toMatchObject({ code: 'actor_not_agent' });
    expect(canImpersonate({ kind: 'agent', agent: agent({ status: 'disabled' }) }, customer())).toMatchObject({ code: 'agent_disabled' });
    expect(canImpersonate({ kind: 'agent', agent: agent({ roles: ['editor'] }) }, customer())).toMatchObject({
      code: 'agent_not_permitted',
    });
    expect(canImpersonate({ kind: 'agent', agent: agent() }, customer({ status: 'disabled' }))).toMatchObject({
      code: 'customer_disabled',
    });
  });
});

describe('canLeaveCompanyUser', () => {
  it('keeps a locked session on its company user, and lets others switch', () => {
    expect(canLeaveCompanyUser({ companyUserId: 'cu_1', locked: true }, 'cu_2')).toMatchObject({ ok: false, code: 'company_user_locked' });
    expect(canLeaveCompanyUser({ companyUserId: null, locked: true }, 'cu_2')).toMatchObject({ ok: false, code: 'company_user_locked' });
    expect(canLeaveCompanyUser({ companyUserId: 'cu_1', locked: true }, 'cu_1')).toEqual({ ok: true, value: true });
    expect(canLeaveCompanyUser({ companyUserId: 'cu_1', locked: false }, 'cu_2')).toEqual({ ok: true, value: true });
  });
});
