import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { type AdminRouter, appRouter } from './root.js';
import { createCallerFactory } from './trpc.js';

export { type AccessTokenVerifier, createAccessTokenVerifier } from './access-token.js';
export { CONSOLE_PATH, type ConsoleFiles } from './console-files.js';
export type { Context, Identity } from './context.js';
export { type ApiEnv, apiEnvSchema } from './env.js';
export type { ErrorShape, ValidationIssue } from './errors.js';
export { type ApiServer, type ApiServerDeps, createApiServer } from './server.js';
export { type AdminRouter, appRouter, createCallerFactory };

/** Calls procedures in-process, with a context you build (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);

export type RouterInputs = inferRouterInputs<AdminRouter>;
export type RouterOutputs = inferRouterOutputs<AdminRouter>;
