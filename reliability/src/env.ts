// The suite's settings: the one module of this package that reads the
// environment, parsed once per test file, every problem listed together.
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const settingsSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
  /** Seed of the fuzz generators; a fresh one each run unless set (it is printed either way). */
  RELIABILITY_SEED: z.coerce.number().int().min(0).max(0xffffffff).optional(),
  RELIABILITY_FUZZ_TOKEN_REQUESTS: count(10_000),
  RELIABILITY_FUZZ_ADMIN_REQUESTS: count(2_000),
  /** Only these case numbers of the fuzz (comma-separated), to reproduce a report. */
  RELIABILITY_FUZZ_ONLY: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((n) => Number(n.trim())) : undefined))
    .refine((list) => !list || list.every((n) => Number.isInteger(n) && n >= 0), 'a comma-separated list of case numbers'),
  RELIABILITY_CONCURRENCY: count(16),
  RELIABILITY_RACE_TRIALS: count(1_000),
  /** Trials of each cross-node race in the several-node test (test/long/nodes.test.ts). */
  RELIABILITY_NODE_TRIALS: count(100),
  RELIABILITY_CRASH_ROUNDS: count(3),
  RELIABILITY_CRASH_CHAINS: count(24),
  /** Seconds of mixed load; without it the long suite runs a short smoke. */
  RELIABILITY_SOAK_SECONDS: z.coerce.number().int().min(1).optional(),
});

export type Settings = z.output<typeof settingsSchema> & { seed: number; seedWasGiven: boolean };

export function readSettings(env: Record<string, string | undefined> = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `reliability: invalid environment\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  const given = parsed.data.RELIABILITY_SEED;
  return { ...parsed.data, seed: given ?? Math.floor(Math.random() * 0x100000000), seedWasGiven: given !== undefined };
}
