import type { StaffRole } from '@latchkey/core';
import type { Prisma } from '@latchkey/db';
import { iso } from '../lib/dates.js';

export const agentSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  roles: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AgentSelect;

export type AgentDto = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'disabled';
  /** What the staff member may do: viewer (admin:read), editor (admin:read and admin:write), impersonator. */
  roles: StaffRole[];
  createdAt: string;
  updatedAt: string;
};

export const toAgentDto = (row: Prisma.AgentGetPayload<{ select: typeof agentSelect }>): AgentDto => ({
  ...row,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
