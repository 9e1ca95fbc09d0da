import type { KoaContextWithOIDC } from 'oidc-provider';
import { invalidGrant } from '../../oauth/errors.js';
import type { ClientRecord } from '../../provider/clients.js';
import { startCustomerSession } from '../../subjects/customer-session.js';
import type { GrantDeps } from '../deps.js';
import { requireParam } from '../params.js';
import { respondWithSession } from './respond.js';

/**
 * A customer switches into one of their company users: the subject is a
 * Latchkey access token of this client, still valid and not revoked. The new
 * session keeps the old scope and, for an impersonated customer, the actor.
 */
export async function switchCompanyUser(ctx: KoaContextWithOIDC, deps: GrantDeps, record: ClientRecord, subjectToken: string): Promise<void> {
  const companyUserId = requireParam(ctx, 'company_user_id', 64);
  const claims = await deps.verifyAccessToken(subjectToken).catch(() => {
    throw invalidGrant('subject token is invalid, expired or revoked');
  });
  if (claims.client_id !== record.id) throw invalidGrant('subject token was issued to another client');
  if (claims.sub_type !== 'customer') throw invalidGrant('only a customer can switch company user');
  const started = await startCustomerSession(deps.db, claims.sub, companyUserId);
  if (!started.ok) throw invalidGrant(started.reason);
  const { session } = started.value;
  // An impersonated customer stays impersonated: its claims are read again with the agent.
  if (claims.act) return respondWithSession(ctx, deps, record, { ...session, act: claims.act }, { availableScope: claims.scope });
  return respondWithSession(ctx, deps, record, session, { claims: started.value.claims, availableScope: claims.scope });
}
