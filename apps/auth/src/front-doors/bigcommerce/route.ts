import type { Middleware } from 'koa';
import type { GrantDeps } from '../../grants/deps.js';
import { createStoreIndex, customersAuth } from './customers-auth.js';

const PATH = '/api/io/auth/customers';

/** BigCommerce B2B Edition's storefront-token endpoint at `{issuer}/api/io/auth/customers` (POST only). */
export function bigCommerceRoute(deps: GrantDeps, clientCacheMs: number): Middleware {
  const stores = createStoreIndex(deps, clientCacheMs);
  return async (ctx, next) => {
    if (ctx.path !== PATH) return next();
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      ctx.set('Allow', 'POST');
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { code: 405, data: { errMsg: `${PATH} accepts POST only.` }, meta: { message: 'API logic error' } };
      return;
    }
    return customersAuth(stores, ctx, next);
  };
}
