/** What a staff member (an agent of the back office) may do; roles are read again at every refresh. */
export const STAFF_ROLES = ['viewer', 'editor', 'impersonator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ADMIN_READ = 'admin:read';
export const ADMIN_WRITE = 'admin:write';
export const ADMIN_SCOPES: readonly string[] = [ADMIN_READ, ADMIN_WRITE];

const ROLE_SCOPES: Record<StaffRole, readonly string[]> = {
  viewer: [ADMIN_READ],
  editor: [ADMIN_READ, ADMIN_WRITE],
  impersonator: [],
};

/** The admin scopes a set of roles allows: viewer reads, editor reads and writes, impersonator neither. */
export const staffAdminScopes = (roles: readonly StaffRole[]): string[] =>
  ADMIN_SCOPES.filter((scope) => roles.some((role) => ROLE_SCOPES[role].includes(scope)));

/** Who an access token speaks for, as far as admin scopes go. */
export type ScopeHolder =
  | { kind: 'agent'; roles: readonly StaffRole[] }
  | { kind: 'customer' }
  /** An anonymous session (OCI punch-out): only the policy's anonymous scopes (policy.loginToken.anonymousScopes). */
  | { kind: 'anonymous'; anonymousScopes: readonly string[] };

/**
 * The scopes a token may carry for its subject, of those its client may
 * have: an admin scope only for a staff member whose roles allow it, never
 * for a customer or an anonymous session (client credentials of a
 * confidential client are ruled on elsewhere). An anonymous session keeps
 * only the anonymous scopes; anything else is kept.
 */
export function permittedScopes(scopes: readonly string[], holder: ScopeHolder): string[] {
  if (holder.kind === 'anonymous') return scopes.filter((scope) => holder.anonymousScopes.includes(scope) && !ADMIN_SCOPES.includes(scope));
  const admin = holder.kind === 'agent' ? staffAdminScopes(holder.roles) : [];
  return scopes.filter((scope) => !ADMIN_SCOPES.includes(scope) || admin.includes(scope));
}

export const isStaffRole = (value: unknown): value is StaffRole => STAFF_ROLES.includes(value as StaffRole);
