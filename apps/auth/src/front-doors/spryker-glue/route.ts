import type { Middleware } from 'koa';
import type { AuthDeps } from '../../deps.js';
import { answeringBusy } from '../busy.js';
import { answerPreflight, isPreflight } from '../preflight.js';
import { accessTokens } from './access-tokens.js';
import { agentAccessTokens } from './agent-access-tokens.js';
import { agentCustomerImpersonationAccessTokens } from './agent-customer-impersonation-access-tokens.js';
import { companyUserAccessTokens } from './company-user-access-tokens.js';
import type { GlueHandler } from './door.js';
import { GLUE } from './errors.js';
import { replyErrors } from './json-api.js';
import { refreshTokens, revokeRefreshTokens } from './refresh-tokens.js';

const GLUE_PREFIX = '/glue/';
const PATH = /^\/glue\/([^/]{1,200})\/([a-z-]{1,64})(?:\/([^/]{1,1024}))?$/;

// Resource, method, and whether it takes an id: Glue's routes for authentication, nothing else.
const ROUTES = new Map<string, { POST?: GlueHandler; DELETE?: GlueHandler }>(
  Object.entries({
    'access-tokens': { POST: accessTokens },
    'refresh-tokens': { POST: refreshTokens, DELETE: revokeRefreshTokens },
    'company-user-access-tokens': { POST: companyUserAccessTokens },
    'agent-access-tokens': { POST: agentAccessTokens },
    'agent-customer-impersonation-access-tokens': { POST: agentCustomerImpersonationAccessTokens },
  }),
);

/** A path segment decoded, or null for a malformed escape (`%zz`), which names nothing. */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * Spryker Glue's authentication resources under `{issuer}/glue/{clientId}/`,
 * for a shop's proxy to map its Glue paths onto: the named client's
 * directory, grant types and policy apply. An unknown path, method or
 * client (or a confidential one: Glue's clients send no secret) is Glue's 404.
 */
export function glueRoute(deps: AuthDeps, issuer: string): Middleware {
  const handle = answeringBusy(
    async (ctx, next) => {
      const match = PATH.exec(ctx.path);
      const route = match ? ROUTES.get(match[2]!) : undefined;
      const id = match?.[3];
      // A preflight is resolved as the request it announces: the same route, method and client.
      const preflight = isPreflight(ctx);
      const asked = preflight ? ctx.get('access-control-request-method') : ctx.method;
      const method = asked === 'POST' || asked === 'DELETE' ? asked : undefined;
      // POST to the collection, DELETE of one (Glue has no other route here).
      const handler = method && route && (method === 'DELETE') === (id !== undefined) ? route[method] : undefined;
      if (!handler) return replyErrors(ctx, [GLUE.notFound]);
      const clientId = decoded(match![1]!);
      const client = clientId === null ? null : await deps.clients.get(clientId);
      const value = id === undefined ? undefined : decoded(id);
      if (client?.type !== 'public' || value === null) return replyErrors(ctx, [GLUE.notFound]);
      if (preflight) {
        const origin = ctx.get('origin');
        return answerPreflight(ctx, [method!], client.corsOrigins.includes(origin) ? origin : undefined);
      }
      const door = { deps, client, baseUrl: `${issuer}${GLUE_PREFIX}${encodeURIComponent(client.id)}` };
      return handler(door, ctx, next, value);
    },
    (ctx) => replyErrors(ctx, [GLUE.busy]),
  );
  // Every request passes the doors on its way to the provider: one that is not Glue's is handed on without an
  // async frame (a promise and its async hooks) of the door's own.
  return (ctx, next) => (ctx.path.startsWith(GLUE_PREFIX) ? handle(ctx, next) : next());
}
