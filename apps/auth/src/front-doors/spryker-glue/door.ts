import type { Context, Next } from 'koa';
import type { AuthDeps } from '../../deps.js';
import type { ClientRecord } from '../../provider/clients.js';
import { dispatch } from '../dispatch.js';
import { type GlueResource, glueErrorFor } from './errors.js';
import { replyCreated, replyErrors } from './json-api.js';

/** What a Glue resource is handled with: the grants' deps, the client the path names, where its resources live. */
export type GlueDoor = { deps: AuthDeps; client: ClientRecord; baseUrl: string };

export type GlueHandler = (door: GlueDoor, ctx: Context, next: Next, id: string | undefined) => Promise<void>;

/** A token answer in Glue's attributes; `idCompanyUser` for the resources that carry it (null without one). */
function attributesOf(body: Record<string, unknown>, withCompanyUser: boolean): Record<string, unknown> {
  return {
    tokenType: 'Bearer',
    expiresIn: body.expires_in,
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? null,
    ...(withCompanyUser ? { idCompanyUser: body.id_company_user ?? null } : {}),
  };
}

/**
 * Asks the token endpoint for the resource's tokens as the path's client
 * would natively, and answers Glue's 201 or Glue's error for the refusal.
 */
export async function issueThroughGrant(
  door: GlueDoor,
  ctx: Context,
  next: Next,
  resource: GlueResource,
  form: Record<string, string>,
  options: { withCompanyUser: boolean },
): Promise<void> {
  const answer = await dispatch(ctx, next, '/token', { ...form, client_id: door.client.id });
  // Client authentication's challenge belongs to the token endpoint, not to Glue's answer.
  ctx.remove('WWW-Authenticate');
  if (answer.status === 200)
    return replyCreated(ctx, resource, `${door.baseUrl}/${resource}`, attributesOf(answer.body, options.withCompanyUser));
  return replyErrors(ctx, [glueErrorFor(resource, answer.code)]);
}
