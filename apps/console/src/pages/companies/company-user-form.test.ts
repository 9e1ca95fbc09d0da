import { describe, expect, it } from 'vitest';
import { roleChoice, toCompanyUserInput, toCompanyUserUpdate } from './company-user-form';

const KARL = { type: 'customer' as const, id: 'customer-1', label: 'Karl Schmidt' };

describe('the company user form', () => {
  it("leaves the role out for the company's default, sends null for none, or the role's id", () => {
    const base = { customer: KARL, isDefault: false, status: 'active' as const };
    expect(toCompanyUserInput('company-1', { ...base, role: 'default' })).toEqual({
      companyId: 'company-1',
      customerId: 'customer-1',
      isDefault: false,
      status: 'active',
    });
    expect(toCompanyUserInput('company-1', { ...base, role: 'none' })).toMatchObject({ roleId: null });
    expect(toCompanyUserInput('company-1', { ...base, role: 'role-9' })).toMatchObject({ roleId: 'role-9' });
    expect(toCompanyUserInput('company-1', { ...base, customer: null, role: 'default' })).not.toHaveProperty('customerId');
  });

  it('edits role, default and status only', () => {
    expect(toCompanyUserUpdate('cu-1', { customer: KARL, role: 'role-9', isDefault: true, status: 'disabled' })).toEqual({
      id: 'cu-1',
      roleId: 'role-9',
      isDefault: true,
      status: 'disabled',
    });
    expect(toCompanyUserUpdate('cu-1', { customer: KARL, role: 'none', isDefault: false, status: 'active' })).toMatchObject({
      roleId: null,
    });
    expect(roleChoice(null)).toBe('none');
    expect(roleChoice('role-9')).toBe('role-9');
  });
});
