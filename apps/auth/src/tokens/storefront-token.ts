import type { IncomingMessage } from 'node:http';
import { type Decision, type StorefrontTokenWindow, storefrontTokenWindow } from '@latchkey/core';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { doorOptions } from '../front-doors/dispatch.js';
import { grantRecord } from '../provider/internals/index.js';
import type { SubjectClaims } from '../subjects/claims.js';
import type { Subject } from '../subjects/subject.js';
import { accessTokenBody, mintAccessToken } from './issue.js';

/** What the BigCommerce door asks the password grant for instead of a session with refresh. */
export type StorefrontTokenRequest = { name: string; beginAt?: number | undefined; endAt?: number | undefined };

const OPTION = 'storefrontToken';

export const storefrontTokenOption = (request: StorefrontTokenRequest) => ({ [OPTION]: request });

/**
 * The storefront token a door asked this request for, with its validity
 * window decided by policy; undefined for every request no door made (no
 * client can ask for one through the token endpoint).
 */
export function requestedStorefrontToken(
  req: IncomingMessage,
  deps: AuthDeps,
): { request: StorefrontTokenRequest; window: Decision<StorefrontTokenWindow> } | undefined {
  const request = doorOptions<StorefrontTokenRequest>(req, OPTION);
  return request && { request, window: storefrontTokenWindow(request, deps.clock(), deps.policy.storefrontToken) };
}

const epoch = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * A named storefront token: an access token with `nbf` and `exp` from its
 * window, no refresh token, and a session of its own (a grant, listed and
 * revoked through the admin API; revoking deletes the grant, so
 * introspection and token exchange refuse the token at once).
 */
export async function issueStorefrontToken(
  ctx: KoaContextWithOIDC,
  deps: AuthDeps,
  input: {
    session: Extract<Subject, { subject: 'customer' }>;
    claims: SubjectClaims;
    scope: string;
    name: string;
    window: StorefrontTokenWindow;
  },
) {
  const now = deps.clock();
  const ttl = epoch(input.window.expiresAt) - epoch(now);
  const grant = grantRecord({
    clientId: ctx.oidc.client!.clientId,
    accountId: input.session.customerId,
    audience: deps.audience,
    scope: input.scope,
    ttl,
    now,
  });
  // The grant with its listing row (one statement), and the token at once, as issueTokens does for a session.
  const [id, accessToken] = await Promise.all([
    deps.storefrontTokens.insert(
      {
        name: input.name,
        customerId: input.session.customerId,
        companyUserId: input.session.companyUserId,
        clientId: ctx.oidc.client!.clientId,
        grantId: grant.id,
        notBefore: input.window.notBefore,
        expiresAt: input.window.expiresAt,
        createdAt: now,
      },
      grant,
    ),
    mintAccessToken(ctx, deps, {
      accountId: input.session.customerId,
      grantId: grant.id,
      gty: 'password',
      scope: input.scope,
      claims: { ...input.claims, nbf: epoch(input.window.notBefore) },
      ttl,
    }),
  ]);
  return { ...accessTokenBody(accessToken, ttl, input.scope), storefront_token_id: id };
}
