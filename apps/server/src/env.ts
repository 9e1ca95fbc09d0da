import { checkDatabaseEnv } from '@latchkey/db';
import {
  adminClientEnvShape,
  adminClientPaired,
  flagSchema,
  issuerSchema,
  logLevelSchema,
  portSchema,
  serviceEnvSchema,
} from '@latchkey/runtime';
import { z } from 'zod';

/** Latchkey in one process; LATCHKEY_SECRET_KEY may be omitted on the embedded database only. */
export const serverEnvSchema = serviceEnvSchema
  .extend({
    ...adminClientEnvShape,
    LATCHKEY_AUTH_PORT: portSchema.default(4000),
    LATCHKEY_API_PORT: portSchema.default(4001),
    // Unset: http://localhost:<LATCHKEY_AUTH_PORT>.
    LATCHKEY_ISSUER: issuerSchema.optional(),
    LATCHKEY_SECRET_KEY: serviceEnvSchema.shape.LATCHKEY_SECRET_KEY.optional(),
    // Where browsers reach the console when a proxy stands in front of the admin API (its redirect URI and origin).
    LATCHKEY_CONSOLE_URL: z
      .url({ protocol: /^https?$/ })
      .optional()
      .transform((v) => (v ? `${v.replace(/\/+$/, '')}/` : undefined)),
    // Unset: the demo is seeded unless NODE_ENV=production (its agent may act for anyone with a known password).
    LATCHKEY_DEMO: flagSchema.optional(),
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: logLevelSchema.default('warn'),
  })
  .refine(...adminClientPaired)
  .refine((env) => !env.DATABASE_URL || env.LATCHKEY_SECRET_KEY, {
    message: 'required with DATABASE_URL (every node must share it)',
    path: ['LATCHKEY_SECRET_KEY'],
  })
  .superRefine(checkDatabaseEnv);

export type ServerEnv = z.output<typeof serverEnvSchema>;

/** Whether to seed the demo: asked for, or left unset outside production. */
export const wantsDemo = (env: ServerEnv): boolean => env.LATCHKEY_DEMO ?? env.NODE_ENV !== 'production';
