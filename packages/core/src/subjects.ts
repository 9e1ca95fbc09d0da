import type { Permission } from './protocol/claims.js';

/** The facts policy needs about the people and companies tokens are issued for. */
export type Status = 'active' | 'disabled';

export type CustomerFacts = {
  id: string;
  reference: string;
  status: Status;
  emailVerified: boolean;
};

export type AgentFacts = {
  id: string;
  status: Status;
  canImpersonate: boolean;
};

export type CompanyFacts = { id: string; status: Status };

export type RoleFacts = { id: string; name: string; permissions: readonly Permission[] };

export type CompanyUserFacts = {
  id: string;
  customerId: string;
  status: Status;
  company: CompanyFacts;
};
