import { checkDatabaseEnv } from '@latchkey/db';
import { portSchema, serviceEnvSchema } from '@latchkey/runtime';
import type { z } from 'zod';

export const apiEnvSchema = serviceEnvSchema
  .extend({
    LATCHKEY_API_PORT: portSchema.default(4001),
  })
  .superRefine(checkDatabaseEnv);

export type ApiEnv = z.output<typeof apiEnvSchema>;
