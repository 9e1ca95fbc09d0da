import type { AgentFacts, CompanyUserFacts, CustomerFacts } from '../src/index.js';

export const NOW = new Date('2026-11-22T12:00:00Z');
export const at = (offsetSeconds: number): Date => new Date(NOW.getTime() + offsetSeconds * 1000);

export const customer = (over: Partial<CustomerFacts> = {}): CustomerFacts => ({
  id: 'cus_1',
  reference: 'DE--21',
  status: 'active',
  emailVerified: true,
  ...over,
});

export const agent = (over: Partial<AgentFacts> = {}): AgentFacts => ({
  id: 'agt_1',
  status: 'active',
  roles: ['impersonator'],
  ...over,
});

export const companyUser = (over: Partial<CompanyUserFacts> = {}): CompanyUserFacts => ({
  id: 'cu_1',
  customerId: 'cus_1',
  status: 'active',
  company: { id: 'co_1', status: 'active' },
  ...over,
});
