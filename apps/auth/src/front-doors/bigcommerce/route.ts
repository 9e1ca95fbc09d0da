import type { Middleware } from 'koa';
import type { AuthDeps } from '../../deps.js';
import { answeringBusy } from '../busy.js';
import { answerPreflight, isPreflight } from '../preflight.js';
import { createStoreIndex, customersAuth, fail } from './customers-auth.js';
import { BIGCOMMERCE } from './errors.js';

const PATH = '/api/io/auth/customers';

/** BigCommerce B2B Edition's storefront-token endpoint at `{issuer}/api/io/auth/customers` (POST only). */
export function bigCommerceRoute(deps: AuthDeps, clientCacheMs: number): Middleware {
  const stores = createStoreIndex(deps, clientCacheMs);
  const handle = answeringBusy(
    async (ctx, next) => {
      // The store (and so the client and its CORS origins) is named in the body only: the preflight allows any
      // origin, as the token endpoint's does, and the request itself is refused from an origin the client does not list.
      if (isPreflight(ctx) && ctx.get('access-control-request-method') === 'POST')
        return answerPreflight(ctx, ['POST'], ctx.get('origin') || undefined);
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        ctx.set('Allow', 'POST');
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { code: 405, data: { errMsg: `${PATH} accepts POST only.` }, meta: { message: 'API logic error' } };
        return;
      }
      return customersAuth(stores, ctx, next);
    },
    (ctx) => fail(ctx, BIGCOMMERCE.busy),
  );
  // Every request passes the doors on its way to the provider: any other path is handed on without an async frame.
  return (ctx, next) => (ctx.path === PATH ? handle(ctx, next) : next());
}
