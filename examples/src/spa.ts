import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createAdminClient } from '@latchkey/client';
import { build } from 'esbuild';
import { adminCredentials, apiUrl, issuer, spaClientId } from './demo.js';

// `npm run example:spa`: bundles the page's script (spa/app.ts, the README's SPA snippet) and serves
// the page on http://localhost:3000 (PORT), an origin and a redirect URI (/callback) the demo's
// storefront client allows. Open it in a browser and sign in as sonia@example.com / change123.
const port = Number(process.env.PORT ?? 3000);
const origin = `http://localhost:${port}`;
const clientId = spaClientId(); // LATCHKEY_SPA_CLIENT_ID, else the demo's storefront

// Said here rather than as a CORS error in the browser: Latchkey answers, and the client allows this page.
const discovery = await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => null);
if (!discovery?.ok) throw new Error(`Latchkey does not answer at ${issuer}: run \`npm start\` first, or set LATCHKEY_ISSUER`);
const credentials = (() => {
  try {
    return adminCredentials(); // to look the client up; without them the page just tries
  } catch {
    return null;
  }
})();
const client = credentials && (await createAdminClient({ url: apiUrl, issuer, ...credentials }).clients.get.query({ id: clientId }));
const missing = client && [
  ...(client.corsOrigins.includes(origin) ? [] : [`origin ${origin}`]),
  ...(client.redirectUris.includes(`${origin}/callback`) ? [] : [`redirect URI ${origin}/callback`]),
  ...['authorization_code', 'password', 'refresh_token'].filter((grant) => !client.grantTypes.includes(grant)).map((g) => `grant ${g}`),
];
if (missing?.length) {
  throw new Error(
    `client ${clientId} does not allow ${missing.join(', ')}: serve on PORT=3000, or add them with admin.clients.update.mutate({ id: '${clientId}', corsOrigins, redirectUris })`,
  );
}

const built = await build({
  entryPoints: [fileURLToPath(new URL('../src/spa/app.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: 'inline',
  write: false,
  logLevel: 'warning',
});
const script = built.outputFiles[0]!.text;
// Where Latchkey is, written into the page; `<` escaped so the JSON cannot end its script element.
const config = JSON.stringify({ issuer, clientId }).replaceAll('<', '\\u003c');
const page = (await readFile(new URL('../src/spa/index.html', import.meta.url), 'utf8')).replace('{"config":"here"}', config);
// Only this origin's script runs, and it talks only to Latchkey: what keeps the tokens in sessionStorage to this page.
const csp = `default-src 'none'; script-src 'self'; connect-src ${new URL(issuer).origin}; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'`;

createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', origin);
  if (pathname === '/app.js') return res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
  if (pathname !== '/' && pathname !== '/callback') return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' }).end(page);
}).listen(port, () => {
  console.log(`SPA example at ${origin}/ (client ${clientId} of ${issuer})`);
  console.log('sign in as sonia@example.com / change123, on the sign-in page or with the password form');
});
