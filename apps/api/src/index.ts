import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { appRouter, type AdminRouter } from './root.js';
import { createCallerFactory } from './trpc.js';

export { appRouter, type AdminRouter };
export { createApiServer, type ApiServer, type ApiServerDeps } from './server.js';
export { createAccessTokenVerifier, type AccessTokenVerifier } from './access-token.js';
export type { Context, Identity } from './context.js';
export type { ErrorShape, ValidationIssue } from './errors.js';
export { createCallerFactory };

/** Calls procedures in-process, with a context you build (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);

export type RouterInputs = inferRouterInputs<AdminRouter>;
export type RouterOutputs = inferRouterOutputs<AdminRouter>;
