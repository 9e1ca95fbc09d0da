import { isStaffRole, permittedScopes } from '@latchkey/core';
import { type Db, loadAgent } from '@latchkey/db';
import type { Identity } from './context.js';

/**
 * A staff member's token holds the admin scopes their roles allowed when it
 * was issued; each call takes only those the roles still allow, so a
 * demoted or disabled staff member loses them at once, not only at the
 * next refresh (one primary-key read per call).
 */
export async function withCurrentRoles(db: Db, identity: Identity | null): Promise<Identity | null> {
  if (!identity?.agentId) return identity;
  const agent = await loadAgent(db.sql, identity.agentId);
  const roles = agent?.status === 'active' ? agent.roles.filter(isStaffRole) : [];
  return { ...identity, scopes: permittedScopes(identity.scopes, { kind: 'agent', roles }) };
}
