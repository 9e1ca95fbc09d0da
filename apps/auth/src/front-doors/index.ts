import type { Middleware } from 'koa';
import type { AuthDeps } from '../deps.js';
import { bigCommerceRoute } from './bigcommerce/route.js';
import { glueRoute } from './spryker-glue/route.js';

/**
 * The vendors' front doors, before the provider's own routes: each parses
 * its vendor's request, dispatches it to the native grant and answers in
 * the vendor's shape. Mounted outside the refusal-code middleware, so a door
 * reads the code of every refusal it translates.
 */
export function frontDoors(deps: AuthDeps, issuer: string, clientCacheMs: number): Middleware[] {
  return [glueRoute(deps, issuer), bigCommerceRoute(deps, clientCacheMs)];
}
