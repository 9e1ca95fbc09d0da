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

export type Permission = { key: string; configuration?: unknown };

export type RoleFacts = { id: string; name: string; permissions: readonly Permission[] };

export type CompanyUserFacts = {
  id: string;
  customerId: string;
  status: Status;
  company: CompanyFacts;
};

/** Who a token speaks for: a customer, an agent, or nobody (an anonymous session). */
export type SubjectKind = 'customer' | 'agent' | 'anonymous';
