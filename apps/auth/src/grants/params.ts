import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { ClientRecord } from '../provider/clients.js';
import type { GrantDeps } from './deps.js';

/** A required, single, bounded string parameter of the token request. */
export function requireParam(ctx: KoaContextWithOIDC, name: string, maxLength: number): string {
  const value = ctx.oidc.params?.[name];
  if (typeof value !== 'string' || value.length === 0) throw new errors.InvalidRequest(`missing required parameter '${name}'`);
  if (value.length > maxLength) throw new errors.InvalidRequest(`parameter '${name}' is too long`);
  return value;
}

/** The stored record of the authenticated client (oidc-provider already found it active). */
export async function requireClient(deps: GrantDeps, ctx: KoaContextWithOIDC): Promise<ClientRecord> {
  const record = await deps.clients.get(ctx.oidc.client!.clientId);
  if (!record) throw new errors.InvalidClient('client is disabled');
  return record;
}
