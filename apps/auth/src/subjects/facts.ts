import type { AgentFacts, CompanyUserFacts, CustomerFacts, RoleFacts } from '@latchkey/core';
import type { AgentRow, CompanyUserRow, CustomerRow } from '@latchkey/db';

/** Rows read on the hot paths to the facts core policy rules on (the shapes line up; this says so). */
export const customerFacts = (row: CustomerRow): CustomerFacts => row;
export const agentFacts = (row: AgentRow): AgentFacts => row;
export const companyUserFacts = ({ id, customerId, status, company }: CompanyUserRow): CompanyUserFacts => ({
  id,
  customerId,
  status,
  company,
});
export const roleFacts = (role: CompanyUserRow['role']): RoleFacts | null =>
  role
    ? {
        id: role.id,
        name: role.name,
        permissions: role.permissions.map((p) => ({ key: p.key, configuration: p.configuration ?? undefined })),
      }
    : null;
