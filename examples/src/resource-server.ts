import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, TokenVerificationError } from '@latchkey/client';
import { issuer } from './demo.js';

// Your API: it trusts an access token once its signature (from the issuer's JWKS), issuer,
// audience, type and lifetime check out, and reads who is calling from its claims.
const verifier = createTokenVerifier({ issuer });

const server = createServer((req, res) => {
  verifier.verifyAuthorizationHeader(req.headers.authorization).then(
    (claims) => {
      if (!claims.hasPermission('create_address')) return res.writeHead(403).end();
      res.end(JSON.stringify({ customer: claims.customerReference, companyUser: claims.companyUserId, actingAgent: claims.actor?.sub }));
    },
    (error: unknown) => {
      const unavailable = error instanceof TokenVerificationError && error.keysUnavailable;
      res.writeHead(unavailable ? 503 : 401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
    },
  );
}).listen(Number(process.env.PORT ?? 0));
await once(server, 'listening');
const url = `http://localhost:${(server.address() as AddressInfo).port}/addresses`;
console.log(`resource server listening on ${url}`);

// Called as a storefront calls it: with the demo customer's token, then with a forged one.
const login = await fetch(`${issuer}/token`, {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'password', client_id: 'storefront', username: 'sonia@example.com', password: 'change123' }),
});
const { access_token: token } = (await login.json()) as { access_token: string };
const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
console.log(`with the customer's token: ${ok.status} ${await ok.text()}`);
const forged = await fetch(url, { headers: { authorization: `Bearer ${token.slice(0, -6)}AAAAAA` } });
console.log(`with a forged token: ${forged.status} ${forged.headers.get('www-authenticate')}`);
server.close();
