import { CLIENT_ID } from '@latchkey/core';
import { databaseEnvSchema } from '@latchkey/db';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The auth server's environment; parsed once in main.ts, every problem reported together. */
export const authEnvSchema = databaseEnvSchema
  .extend({
    LATCHKEY_AUTH_PORT: port.default(4000),
    LATCHKEY_HOST: z.string().min(1).default('0.0.0.0'),
    LATCHKEY_ISSUER: z
      .url({ protocol: /^https?$/ })
      .default('http://localhost:4000')
      .transform((v) => v.replace(/\/+$/, '')),
    LATCHKEY_AUDIENCE: z.string().min(1).optional(),
    LATCHKEY_SECRET_KEY: z.string().min(32, 'must be at least 32 characters'),
    LATCHKEY_ADMIN_CLIENT_ID: z.string().regex(CLIENT_ID).optional(),
    LATCHKEY_ADMIN_CLIENT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LATCHKEY_POLICY_FILE: z.string().min(1).optional(),
    LATCHKEY_TRUST_PROXY: flag.default(false),
    // Worker processes (node:cluster) sharing the port; 'auto' is one per CPU. PostgreSQL only.
    LATCHKEY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((env) => !env.LATCHKEY_ADMIN_CLIENT_ID === !env.LATCHKEY_ADMIN_CLIENT_SECRET, {
    message: 'LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET go together',
    path: ['LATCHKEY_ADMIN_CLIENT_SECRET'],
  })
  .refine((env) => env.LATCHKEY_WORKERS === 1 || Boolean(env.DATABASE_URL), {
    message: 'more than one worker needs PostgreSQL (DATABASE_URL): the embedded database lives in one process',
    path: ['LATCHKEY_WORKERS'],
  });

export type AuthEnv = z.output<typeof authEnvSchema>;
