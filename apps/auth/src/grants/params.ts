import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { oauthError } from '../oauth/errors.js';
import type { ClientRecord } from '../provider/clients.js';

/** A required, single, bounded string parameter of the token request. */
export function requireParam(ctx: KoaContextWithOIDC, name: string, maxLength: number): string {
  const value = ctx.oidc.params?.[name];
  if (typeof value !== 'string' || value.length === 0) throw oauthError('parameter_missing', `missing required parameter '${name}'`);
  if (value.length > maxLength) throw oauthError('parameter_too_long', `parameter '${name}' is too long`);
  return value;
}

/** The stored record of the authenticated client (oidc-provider already found it active). */
export async function requireClient(deps: AuthDeps, ctx: KoaContextWithOIDC): Promise<ClientRecord> {
  const record = await deps.clients.get(ctx.oidc.client!.clientId);
  if (!record) throw oauthError('client_disabled', 'client is disabled');
  return record;
}
