import { CLIENT_ID } from '@latchkey/core';
import { databaseEnvSchema } from '@latchkey/db';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Latchkey in one process; LATCHKEY_SECRET_KEY may be omitted on the embedded database only. */
export const serverEnvSchema = databaseEnvSchema
  .extend({
    LATCHKEY_AUTH_PORT: port.default(4000),
    LATCHKEY_API_PORT: port.default(4001),
    LATCHKEY_HOST: z.string().min(1).default('0.0.0.0'),
    LATCHKEY_ISSUER: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((v) => v?.replace(/\/+$/, '')),
    LATCHKEY_AUDIENCE: z.string().min(1).optional(),
    LATCHKEY_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    LATCHKEY_ADMIN_CLIENT_ID: z.string().regex(CLIENT_ID).optional(),
    LATCHKEY_ADMIN_CLIENT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LATCHKEY_POLICY_FILE: z.string().min(1).optional(),
    LATCHKEY_TRUST_PROXY: flag.default(false),
    // Unset: the demo is seeded unless NODE_ENV=production (its agent may act for anyone with a known password).
    LATCHKEY_DEMO: flag.optional(),
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  })
  .refine((env) => !env.LATCHKEY_ADMIN_CLIENT_ID === !env.LATCHKEY_ADMIN_CLIENT_SECRET, {
    message: 'LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET go together',
    path: ['LATCHKEY_ADMIN_CLIENT_SECRET'],
  })
  .refine((env) => !env.DATABASE_URL || env.LATCHKEY_SECRET_KEY, {
    message: 'required with DATABASE_URL (every node must share it)',
    path: ['LATCHKEY_SECRET_KEY'],
  });

export type ServerEnv = z.output<typeof serverEnvSchema>;

/** Whether to seed the demo: asked for, or left unset outside production. */
export const wantsDemo = (env: ServerEnv): boolean => env.LATCHKEY_DEMO ?? env.NODE_ENV !== 'production';
