import { portSchema, serviceEnvSchema } from '@latchkey/runtime';
import type { z } from 'zod';

export const apiEnvSchema = serviceEnvSchema.extend({
  LATCHKEY_API_PORT: portSchema.default(4001),
});

export type ApiEnv = z.output<typeof apiEnvSchema>;
