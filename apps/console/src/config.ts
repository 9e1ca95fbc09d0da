import { z } from 'zod';

/** What the admin API tells its console at /console/config.json: where to sign in, and as which client. */
const consoleConfigSchema = z.object({ issuer: z.url(), clientId: z.string().min(1) });
export type ConsoleConfig = z.output<typeof consoleConfigSchema>;

/** The console's base path (Vite's `base`), without its trailing slash. */
export const BASE = import.meta.env.BASE_URL.replace(/\/+$/, '');

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch(`${BASE}/config.json`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the admin API answered ${response.status} for the console's configuration`);
  return consoleConfigSchema.parse(await response.json());
}
