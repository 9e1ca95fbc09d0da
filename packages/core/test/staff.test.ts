import { describe, expect, it } from 'vitest';
import { isStaffRole, parsePolicy, permittedScopes, STAFF_ROLES, staffAdminScopes } from '../src/index.js';

describe('staff roles', () => {
  it('allow admin scopes by role: viewer reads, editor reads and writes, impersonator neither', () => {
    expect(staffAdminScopes([])).toEqual([]);
    expect(staffAdminScopes(['viewer'])).toEqual(['admin:read']);
    expect(staffAdminScopes(['editor'])).toEqual(['admin:read', 'admin:write']);
    expect(staffAdminScopes(['impersonator'])).toEqual([]);
    expect(staffAdminScopes(['viewer', 'impersonator'])).toEqual(['admin:read']);
  });

  it('are the three the back office knows', () => {
    expect(STAFF_ROLES.filter(isStaffRole)).toEqual(['viewer', 'editor', 'impersonator']);
    expect(['admin', 'Editor', '', null, 1].some(isStaffRole)).toBe(false);
  });

  it('keep admin scopes out of tokens whose subject may not have them', () => {
    const asked = ['agent', 'admin:read', 'admin:write'];
    expect(permittedScopes(asked, { kind: 'agent', roles: ['editor'] })).toEqual(asked);
    expect(permittedScopes(asked, { kind: 'agent', roles: ['viewer'] })).toEqual(['agent', 'admin:read']);
    expect(permittedScopes(asked, { kind: 'agent', roles: [] })).toEqual(['agent']);
    expect(permittedScopes(asked, { kind: 'customer' })).toEqual(['agent']);
    expect(permittedScopes(asked, { kind: 'anonymous', anonymousScopes: ['punchout'] })).toEqual([]);
    expect(permittedScopes([...asked, 'punchout'], { kind: 'anonymous', anonymousScopes: ['punchout', 'admin:read'] })).toEqual([
      'punchout',
    ]);
  });
});

describe('login token policy', () => {
  it('refuses a default lifetime longer than the cap, or none where an expiry is needed', () => {
    expect(() => parsePolicy({ loginToken: { maxLifetimeSeconds: 60, defaultLifetimeSeconds: 120 } })).toThrow(/defaultLifetimeSeconds/);
    expect(() => parsePolicy({ loginToken: { requireExpiry: true, defaultLifetimeSeconds: null } })).toThrow(/defaultLifetimeSeconds/);
    expect(parsePolicy({ loginToken: { defaultLifetimeSeconds: null } }).loginToken.defaultLifetimeSeconds).toBeNull();
  });
});
