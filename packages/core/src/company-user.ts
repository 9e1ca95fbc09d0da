import { type Decision, fail, ok } from './decision.js';
import type { Permission, SubjectClaims } from './protocol/claims.js';
import type { CompanyUserFacts, CustomerFacts, RoleFacts } from './subjects.js';

/** A customer may act as one of their own company users, if it and its company are active. */
export function canSwitchCompanyUser(customer: CustomerFacts, companyUser: CompanyUserFacts): Decision<CompanyUserFacts> {
  if (customer.status !== 'active') return fail('customer_disabled', 'customer is disabled');
  if (companyUser.customerId !== customer.id) {
    return fail('company_user_not_owned', 'company user does not belong to this customer');
  }
  if (companyUser.status !== 'active') return fail('company_user_disabled', 'company user is disabled');
  if (companyUser.company.status !== 'active') return fail('company_disabled', 'company is disabled');
  return ok(companyUser);
}

/** The customer claims of an access token (Spryker's token carries the same facts). */
export type CustomerClaims = Pick<SubjectClaims, 'id_company_user' | 'company_id' | 'company_role'> & {
  customer_reference: string;
  permissions: Permission[];
};

const permissionClaim = ({ key, configuration }: Permission): Permission =>
  configuration === undefined || configuration === null ? { key } : { key, configuration };

/**
 * Claims for a customer acting alone or as one of their company users; the
 * permissions are the company user's role's, keys and configuration.
 */
export function claimsFor(customer: CustomerFacts, companyUser: CompanyUserFacts | null, role: RoleFacts | null): Decision<CustomerClaims> {
  if (!companyUser) {
    if (customer.status !== 'active') return fail('customer_disabled', 'customer is disabled');
    return ok({ customer_reference: customer.reference, permissions: [] });
  }
  const allowed = canSwitchCompanyUser(customer, companyUser);
  if (!allowed.ok) return allowed;
  return ok({
    customer_reference: customer.reference,
    id_company_user: companyUser.id,
    company_id: companyUser.company.id,
    ...(role ? { company_role: role.name } : {}),
    permissions: role ? role.permissions.map(permissionClaim) : [],
  });
}

/**
 * Business on Behalf (Spryker's "Disable accounts switch"): a session that a
 * locked login token began stays on its company user; asking for that same
 * company user again is no switch and is allowed.
 */
export function canLeaveCompanyUser(current: { companyUserId: string | null; locked: boolean }, requested: string): Decision<true> {
  if (current.locked && current.companyUserId !== requested) {
    return fail('company_user_locked', 'this session may not switch company user');
  }
  return ok(true);
}
