import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, customerFixture, expectInvalid, failure, type Harness, latchkeyCode } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const MISSING = '00000000-0000-7000-8000-000000000000';

describe('companies', () => {
  it('creates, lists, updates and deletes companies', async () => {
    const acme = await h.admin.companies.create({ name: 'ACME Corp' });
    await h.admin.companies.create({ name: 'Globex', status: 'disabled' });
    expect(acme).toMatchObject({ name: 'ACME Corp', status: 'active' });
    expect(await h.admin.companies.get({ id: acme.id })).toEqual(acme);
    expect((await h.admin.companies.list({ search: 'acme' })).items.map((c) => c.name)).toEqual(['ACME Corp']);
    expect((await h.admin.companies.list({ status: 'disabled' })).items.map((c) => c.name)).toEqual(['Globex']);
    expect((await h.admin.companies.list({ sort: { field: 'name', direction: 'asc' } })).items.map((c) => c.name)).toEqual([
      'ACME Corp',
      'Globex',
    ]);
    expect(await h.admin.companies.update({ id: acme.id, name: 'ACME Inc' })).toMatchObject({ name: 'ACME Inc' });
    expect(await h.admin.companies.delete({ id: acme.id })).toEqual({ id: acme.id });
    expect((await failure(h.admin.companies.get({ id: acme.id }))).code).toBe('NOT_FOUND');
    expect((await failure(h.admin.companies.update({ id: MISSING, name: 'x' }))).code).toBe('NOT_FOUND');
    await expectInvalid(h.admin.companies.create({ name: '' }), ['name']);
  });
});

describe('company roles', () => {
  it('stores permissions with configuration, replaces the set on update, keeps one default per company', async () => {
    const company = await h.admin.companies.create({ name: 'Roles Ltd' });
    const buyer = await h.admin.companyRoles.create({
      companyId: company.id,
      name: 'Buyer',
      isDefault: true,
      permissions: [
        { key: 'PlaceOrderPermissionPlugin', configuration: { cent_amount: 100000, currency: 'EUR' } },
        { key: 'create_address' },
      ],
    });
    expect(buyer.permissions).toEqual([
      { key: 'PlaceOrderPermissionPlugin', configuration: { cent_amount: 100000, currency: 'EUR' } },
      { key: 'create_address', configuration: null },
    ]);
    const admin = await h.admin.companyRoles.create({
      companyId: company.id,
      name: 'Admin',
      isDefault: true,
      permissions: [{ key: 'manage_users' }],
    });
    expect((await h.admin.companyRoles.get({ id: buyer.id })).isDefault).toBe(false);
    expect(admin.isDefault).toBe(true);

    const replaced = await h.admin.companyRoles.update({ id: buyer.id, permissions: [{ key: 'view_orders', configuration: ['own'] }] });
    expect(replaced.permissions).toEqual([{ key: 'view_orders', configuration: ['own'] }]);
    expect(await h.db.prisma.companyRolePermission.count({ where: { roleId: buyer.id } })).toBe(1);
    const renamed = await h.admin.companyRoles.update({ id: buyer.id, name: 'Purchaser', isDefault: true });
    expect(renamed).toMatchObject({ name: 'Purchaser', isDefault: true, permissions: [{ key: 'view_orders', configuration: ['own'] }] });
    expect((await h.admin.companyRoles.get({ id: admin.id })).isDefault).toBe(false);

    const listed = await h.admin.companyRoles.list({ companyId: company.id, sort: { field: 'name', direction: 'asc' } });
    expect(listed.items.map((r) => r.name)).toEqual(['Admin', 'Purchaser']);
    expect((await h.admin.companyRoles.list({ companyId: company.id, isDefault: true })).items.map((r) => r.id)).toEqual([buyer.id]);

    expect((await failure(h.admin.companyRoles.create({ companyId: company.id, name: 'Admin' }))).code).toBe('CONFLICT');
    expect((await failure(h.admin.companyRoles.create({ companyId: MISSING, name: 'Ghost' }))).code).toBe('BAD_REQUEST');
    await expectInvalid(h.admin.companyRoles.create({ companyId: company.id, name: 'Dup', permissions: [{ key: 'a' }, { key: 'a' }] }), [
      'permissions',
    ]);
    await expectInvalid(
      h.admin.companyRoles.create({ companyId: company.id, name: 'Big', permissions: [{ key: 'a', configuration: 'x'.repeat(5000) }] }),
      ['permissions', 0, 'configuration'],
    );
    expect(await h.admin.companyRoles.delete({ id: admin.id })).toEqual({ id: admin.id });
    expect((await failure(h.admin.companyRoles.delete({ id: admin.id }))).code).toBe('NOT_FOUND');
  });
});

describe('company users', () => {
  it('links customers to companies with a role of that company and one default per customer', async () => {
    const customer = await customerFixture(h, 'buyer@example.com');
    const acme = await h.admin.companies.create({ name: 'Acme B2B' });
    const globex = await h.admin.companies.create({ name: 'Globex B2B' });
    const acmeDefault = await h.admin.companyRoles.create({ companyId: acme.id, name: 'Buyer', isDefault: true });
    const globexRole = await h.admin.companyRoles.create({ companyId: globex.id, name: 'Approver' });

    const atAcme = await h.admin.companyUsers.create({ customerId: customer.id, companyId: acme.id, isDefault: true });
    expect(atAcme).toMatchObject({
      roleId: acmeDefault.id,
      roleName: 'Buyer',
      isDefault: true,
      companyName: 'Acme B2B',
      customer: { email: 'buyer@example.com' },
    });

    const wrongRole = await failure(h.admin.companyUsers.create({ customerId: customer.id, companyId: globex.id, roleId: acmeDefault.id }));
    expect(wrongRole).toMatchObject({ code: 'BAD_REQUEST', message: 'roleId is not a role of this company' });
    expect(latchkeyCode(wrongRole)).toBe('role_not_in_company');

    const atGlobex = await h.admin.companyUsers.create({
      customerId: customer.id,
      companyId: globex.id,
      roleId: globexRole.id,
      isDefault: true,
    });
    expect(atGlobex.isDefault).toBe(true);
    expect((await h.admin.companyUsers.get({ id: atAcme.id })).isDefault).toBe(false);

    expect((await failure(h.admin.companyUsers.create({ customerId: customer.id, companyId: acme.id }))).code).toBe('CONFLICT');
    expect((await failure(h.admin.companyUsers.create({ customerId: MISSING, companyId: acme.id, roleId: null }))).code).toBe(
      'BAD_REQUEST',
    );

    const back = await h.admin.companyUsers.update({ id: atAcme.id, isDefault: true, roleId: null, status: 'disabled' });
    expect(back).toMatchObject({ isDefault: true, roleId: null, roleName: null, status: 'disabled' });
    expect((await h.admin.companyUsers.get({ id: atGlobex.id })).isDefault).toBe(false);
    expect((await failure(h.admin.companyUsers.update({ id: atAcme.id, roleId: globexRole.id }))).code).toBe('BAD_REQUEST');

    expect((await h.admin.companyUsers.list({ customerId: customer.id })).items.map((u) => u.companyName)).toEqual([
      'Globex B2B',
      'Acme B2B',
    ]);
    expect((await h.admin.companyUsers.list({ companyId: globex.id, roleId: globexRole.id })).items.map((u) => u.id)).toEqual([
      atGlobex.id,
    ]);
    expect((await h.admin.companyUsers.list({ customerId: customer.id, isDefault: true })).items.map((u) => u.id)).toEqual([atAcme.id]);
    expect((await h.admin.companyUsers.list({ customerId: customer.id, status: 'disabled' })).items.map((u) => u.id)).toEqual([atAcme.id]);

    expect(await h.admin.companyUsers.delete({ id: atGlobex.id })).toEqual({ id: atGlobex.id });
    expect((await failure(h.admin.companyUsers.get({ id: atGlobex.id }))).code).toBe('NOT_FOUND');
  });
});

describe('company users: the user picker', () => {
  it('finds company users by any part of the customer’s e-mail or names, or the company’s name, ranked', async () => {
    const piet = await customerFixture(h, 'piet.picker@example.com', ['Piet', 'Picker']);
    const paula = await customerFixture(h, 'paula@picker-shop.example', ['Paula', 'Pickering']);
    const north = await h.admin.companies.create({ name: 'Northwind Handel' });
    const south = await h.admin.companies.create({ name: 'Southwind Bau' });
    const a = await h.admin.companyUsers.create({ customerId: piet.id, companyId: north.id });
    const b = await h.admin.companyUsers.create({ customerId: paula.id, companyId: south.id });
    const ids = async (search: string, extra: { companyId?: string } = {}) =>
      (await h.admin.companyUsers.list({ search, ...extra })).items.map((item) => item.id);
    expect(await ids('PICKER')).toEqual([a.id, b.id]);
    expect(await ids('piet.picker@example.com')).toEqual([a.id]);
    expect(await ids('wind handel')).toEqual([a.id]);
    expect(await ids('picker', { companyId: south.id })).toEqual([b.id]);
    const first = await h.admin.companyUsers.list({ search: 'picker', limit: 1 });
    const second = await h.admin.companyUsers.list({ search: 'picker', limit: 1, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual([a.id, b.id]);
    expect(second.items[0]).toMatchObject({ companyName: 'Southwind Bau', customer: { email: 'paula@picker-shop.example' } });
  });
});
