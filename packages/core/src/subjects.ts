import type { Permission } from './protocol/claims.js';
import type { StaffRole } from './staff.js';

/** The facts policy needs about the people and companies tokens are issued for. */
export type Status = 'active' | 'disabled';

export type CustomerFacts = {
  id: string;
  reference: string;
  status: Status;
  emailVerified: boolean;
};

/** A staff member: an agent of the back office, with roles. */
export type AgentFacts = {
  id: string;
  status: Status;
  roles: readonly StaffRole[];
};

export type CompanyFacts = { id: string; status: Status };

export type RoleFacts = { id: string; name: string; permissions: readonly Permission[] };

export type CompanyUserFacts = {
  id: string;
  customerId: string;
  status: Status;
  company: CompanyFacts;
};
