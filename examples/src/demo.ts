// Where the examples find Latchkey and its demo admin client: the environment, else
// what `npm start` printed and wrote (.data/demo-admin.json at the repository root).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
export const issuer = env.LATCHKEY_ISSUER ?? 'http://localhost:4000';
export const apiUrl = env.LATCHKEY_API_URL ?? 'http://localhost:4001';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const demoAdminFile = () => path.resolve(root, env.LATCHKEY_DATA_DIR ?? '.data', 'demo-admin.json');

/** The admin client's id and secret: LATCHKEY_ADMIN_CLIENT_ID/SECRET, else the demo's file; a clear error otherwise. */
export function adminCredentials(): { clientId: string; clientSecret: string } {
  if (env.LATCHKEY_ADMIN_CLIENT_ID && env.LATCHKEY_ADMIN_CLIENT_SECRET) {
    return { clientId: env.LATCHKEY_ADMIN_CLIENT_ID, clientSecret: env.LATCHKEY_ADMIN_CLIENT_SECRET };
  }
  const file = demoAdminFile();
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
  } catch {
    throw new Error(
      `no admin credentials: set LATCHKEY_ADMIN_CLIENT_ID and LATCHKEY_ADMIN_CLIENT_SECRET, or run \`npm start\` first (it writes ${file})`,
    );
  }
}

/**
 * The SPA's public client: LATCHKEY_SPA_CLIENT_ID, else the demo's `storefront` once `npm start`
 * has seeded the demo world (its data directory holds the demo's admin client); a clear error otherwise.
 */
export function spaClientId(): string {
  if (env.LATCHKEY_SPA_CLIENT_ID) return env.LATCHKEY_SPA_CLIENT_ID;
  if (existsSync(demoAdminFile())) return 'storefront';
  throw new Error(
    `no SPA client: set LATCHKEY_SPA_CLIENT_ID (a public client with the authorization_code, password and refresh_token grants), or run \`npm start\` first (its demo has \`storefront\`; no ${demoAdminFile()} yet)`,
  );
}
