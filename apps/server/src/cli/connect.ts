import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type AdminClient, createAdminClient } from '@latchkey/client';
import { databaseEnvSchema, dataDirectory } from '@latchkey/db';
import type { CliDeps } from './command.js';

class NotConnected extends Error {}

/**
 * The typed admin client the commands use, from the environment: the api at
 * LATCHKEY_API_URL (default: this machine's LATCHKEY_API_PORT), tokens from
 * LATCHKEY_ISSUER, credentials from LATCHKEY_ADMIN_CLIENT_ID/SECRET or the demo's
 * `demo-admin.json` in the data directory. Going through the api keeps its rules,
 * its audit trail and the embedded database's single owner (the running server).
 */
export async function connectAdmin(deps: CliDeps): Promise<AdminClient> {
  const { env } = deps;
  const url = env.LATCHKEY_API_URL ?? `http://localhost:${env.LATCHKEY_API_PORT ?? '4001'}`;
  const issuer = env.LATCHKEY_ISSUER ?? `http://localhost:${env.LATCHKEY_AUTH_PORT ?? '4000'}`;
  let clientId = env.LATCHKEY_ADMIN_CLIENT_ID;
  let clientSecret = env.LATCHKEY_ADMIN_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    const parsed = databaseEnvSchema.safeParse(env);
    const dir = parsed.success ? dataDirectory(parsed.data) : null;
    const file = dir ? path.join(dir, 'demo-admin.json') : null;
    const demo = file
      ? await readFile(file, 'utf8').then(
          (content) => JSON.parse(content) as { clientId?: string; clientSecret?: string },
          () => null,
        )
      : null;
    if (!demo?.clientId || !demo.clientSecret) {
      throw new NotConnected(
        `no admin credentials: set LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET${file ? `, or run \`npm start\` once to write ${file}` : ''}`,
      );
    }
    clientId = demo.clientId;
    clientSecret = demo.clientSecret;
  }
  return createAdminClient({ url, issuer, clientId, clientSecret, batch: false, ...(deps.fetch ? { fetch: deps.fetch } : {}) });
}
