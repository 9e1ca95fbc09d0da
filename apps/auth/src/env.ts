import { checkDatabaseEnv } from '@latchkey/db';
import { adminClientEnvShape, adminClientPaired, portSchema, serviceEnvSchema } from '@latchkey/runtime';
import { z } from 'zod';

/** The auth server's environment; parsed once in main.ts, every problem reported together. */
export const authEnvSchema = serviceEnvSchema
  .extend({
    ...adminClientEnvShape,
    LATCHKEY_AUTH_PORT: portSchema.default(4000),
    // Worker processes (node:cluster) sharing the port; 'auto' is one per CPU. PostgreSQL only.
    LATCHKEY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
  })
  .refine(...adminClientPaired)
  .refine((env) => env.LATCHKEY_WORKERS === 1 || env.LATCHKEY_METRICS_PORT === undefined, {
    message: 'metrics are per process: with LATCHKEY_METRICS_PORT run one worker per process (LATCHKEY_WORKERS=1) and scrape each',
    path: ['LATCHKEY_METRICS_PORT'],
  })
  .refine((env) => env.LATCHKEY_WORKERS === 1 || Boolean(env.DATABASE_URL), {
    message: 'more than one worker needs PostgreSQL (DATABASE_URL): the embedded database lives in one process',
    path: ['LATCHKEY_WORKERS'],
  })
  .superRefine(checkDatabaseEnv);

export type AuthEnv = z.output<typeof authEnvSchema>;
