import type { Prisma } from '@latchkey/db';
import { iso } from '../lib/dates.js';

export const agentSelect = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  canImpersonate: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AgentSelect;

export type AgentDto = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  status: 'active' | 'disabled';
  canImpersonate: boolean;
  createdAt: string;
  updatedAt: string;
};

export const toAgentDto = (row: Prisma.AgentGetPayload<{ select: typeof agentSelect }>): AgentDto => ({
  ...row,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
