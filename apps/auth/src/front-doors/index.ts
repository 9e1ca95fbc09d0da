import type { Middleware } from 'koa';
import type { AuthDeps } from '../deps.js';
import { fail } from './bigcommerce/customers-auth.js';
import { BIGCOMMERCE } from './bigcommerce/errors.js';
import { bigCommerceRoute } from './bigcommerce/route.js';
import { answeringBusy } from './busy.js';
import { GLUE } from './spryker-glue/errors.js';
import { replyErrors } from './spryker-glue/json-api.js';
import { glueRoute } from './spryker-glue/route.js';

/**
 * The vendors' front doors, before the provider's own routes: each parses
 * its vendor's request, dispatches it to the native grant and answers in
 * the vendor's shape. Mounted outside the refusal-code middleware, so a door
 * reads the code of every refusal it translates.
 */
export function frontDoors(deps: AuthDeps, issuer: string, clientCacheMs: number): Middleware[] {
  return [
    answeringBusy(glueRoute(deps, issuer), (ctx) => replyErrors(ctx, [GLUE.busy])),
    answeringBusy(bigCommerceRoute(deps, clientCacheMs), (ctx) => fail(ctx, BIGCOMMERCE.busy)),
  ];
}
