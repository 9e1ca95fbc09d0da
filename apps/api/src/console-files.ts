import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Where the console's built files are and what its page needs to know to sign in. */
export type ConsoleFiles = {
  /** The console's `dist` folder (index.html and assets/). */
  dir: string;
  /** Answered at /console/config.json: the auth server and the console's client. */
  config: { issuer: string; clientId: string };
};

export const CONSOLE_PATH = '/console';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The console at /console/: its files, and index.html for every other path
 * under it (the app routes in the browser). The page may talk to this origin
 * and the auth server only, and may not be framed.
 */
export function createConsoleHandler(files: ConsoleFiles) {
  const root = path.resolve(files.dir);
  const authOrigin = new URL(files.config.issuer).origin;
  const headers = {
    'content-security-policy': `default-src 'self'; connect-src 'self' ${authOrigin}; img-src 'self' data:; style-src 'self' 'unsafe-inline'; form-action 'self' ${authOrigin}; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };

  async function fileAt(relative: string): Promise<string | null> {
    const full = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
    if (full !== root && !full.startsWith(`${root}${path.sep}`)) return null;
    const info = await stat(full).catch(() => null);
    return info?.isFile() ? full : null;
  }

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname === CONSOLE_PATH) {
      res.writeHead(308, { location: `${CONSOLE_PATH}/` }).end();
      return;
    }
    const relative = decodeURIComponent(pathname.slice(CONSOLE_PATH.length + 1));
    if (relative === 'config.json') {
      res.writeHead(200, { ...headers, 'content-type': TYPES['.json'], 'cache-control': 'no-store' });
      res.end(JSON.stringify(files.config));
      return;
    }
    // A missing asset is a 404 (a stale page asking for an old bundle); any other path is a route of the app.
    const wantsAsset = relative.startsWith('assets/');
    const file = (relative ? await fileAt(relative) : null) ?? (wantsAsset ? null : await fileAt('index.html'));
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Vite names assets by their content; the page itself must be asked for again after a deploy.
      'cache-control': wantsAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
