import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Db } from '@latchkey/db';

/** The back-office console's client in the agent directory. */
export const CONSOLE_CLIENT_ID = 'console';

/**
 * The console's built files, when the console was built (`npm run build`);
 * null otherwise, and the admin API then serves no console.
 */
export function consoleDist(): string | null {
  try {
    const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('@latchkey/console/package.json')), 'dist');
    return existsSync(path.join(dir, 'index.html')) ? dir : null;
  } catch {
    return null;
  }
}

/** The same page reached by the loopback name the browser used: localhost and 127.0.0.1 both work. */
function loopbackTwins(url: URL): URL[] {
  const twin = new URL(url);
  if (url.hostname === 'localhost') twin.hostname = '127.0.0.1';
  else if (url.hostname === '127.0.0.1') twin.hostname = 'localhost';
  else return [url];
  return [url, twin];
}

/**
 * Made at every start, and brought back to the URL the console is served
 * at: a public staff client with the code flow and PKCE (a browser keeps no
 * secret), its redirect URI the console's /callback, its origin allowed to
 * call the token and revocation endpoints. Scopes are the admin ones; a
 * staff member's roles decide which of them a token gets.
 */
export async function ensureConsoleClient(db: Db, consoleUrl: string): Promise<void> {
  const urls = loopbackTwins(new URL(consoleUrl));
  const data = {
    name: 'Latchkey console',
    type: 'public' as const,
    status: 'active' as const,
    subjectType: 'agent' as const,
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['admin:read', 'admin:write'],
    redirectUris: urls.map((url) => new URL('callback', url).href),
    corsOrigins: urls.map((url) => url.origin),
  };
  await db.prisma.oAuthClient.upsert({ where: { id: CONSOLE_CLIENT_ID }, create: { id: CONSOLE_CLIENT_ID, ...data }, update: data });
}
