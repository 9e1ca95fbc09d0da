import { describe, expect, it } from 'vitest';
import { EMPTY_ROLE, parseConfiguration, roleIssues, roleResolver, toRoleInput } from './role-form';

const options = { fields: {}, shouldUseNativeValidation: false } as Parameters<typeof roleResolver>[2];

describe('the role form', () => {
  it('sends each permission with its configuration parsed, none when empty', () => {
    expect(
      toRoleInput({
        name: 'Buyer',
        isDefault: true,
        permissions: [
          { key: 'ApproveQuotePermissionPlugin', configuration: '{"limit": 10000}' },
          { key: 'create_address', configuration: '  ' },
        ],
      }),
    ).toEqual({
      name: 'Buyer',
      isDefault: true,
      permissions: [{ key: 'ApproveQuotePermissionPlugin', configuration: { limit: 10000 } }, { key: 'create_address' }],
    });
  });

  it('says on the row which configuration is not JSON, and which key is given twice', () => {
    expect(
      roleIssues({
        name: 'Buyer',
        isDefault: false,
        permissions: [
          { key: 'a', configuration: '{"limit": ' },
          { key: 'b', configuration: '[1, 2]' },
          { key: 'a', configuration: '' },
        ],
      }),
    ).toEqual({
      'permissions.0.configuration': expect.stringMatching(/^Configuration must be JSON/),
      'permissions.2.key': 'This permission is in the list already',
    });
    expect(parseConfiguration('null')).toEqual({ ok: true, value: null });
  });

  it("checks the rest with the API's schema: a name, a key, a configuration of at most 4 KiB", () => {
    const issues = roleIssues({
      ...EMPTY_ROLE,
      permissions: [
        { key: '', configuration: '' },
        { key: 'big', configuration: JSON.stringify({ text: 'x'.repeat(5000) }) },
      ],
    });
    expect(Object.keys(issues).sort()).toEqual(['name', 'permissions.0.key', 'permissions.1.configuration']);
    expect(issues['permissions.1.configuration']).toMatch(/4096 bytes/);
    expect(roleIssues({ name: 'Approver', isDefault: false, permissions: [{ key: 'x', configuration: '{}' }] })).toEqual({});
  });

  it('gives react-hook-form nested errors for the permission rows', async () => {
    const result = await roleResolver({ name: 'R', isDefault: false, permissions: [{ key: 'k', configuration: '{' }] }, undefined, options);
    expect(result.errors).toMatchObject({ permissions: [{ configuration: { message: expect.stringMatching(/JSON/) } }] });
    const fine = await roleResolver({ name: 'R', isDefault: false, permissions: [] }, undefined, options);
    expect(fine.errors).toEqual({});
  });
});
