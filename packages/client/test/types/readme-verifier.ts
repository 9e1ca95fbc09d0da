// The README's snippet, verbatim (the package name resolves to this package):
// checked by `tsc --noEmit`, never run.
import { createServer } from 'node:http';
import { createTokenVerifier, TokenVerificationError } from '@latchkey/client';

const verifier = createTokenVerifier({ issuer: 'http://localhost:4000' });

createServer((req, res) => {
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
}).listen(8080);
