import { randomBytes, randomUUID } from 'node:crypto';
import { createAdminClient } from '@latchkey/client';
import { SignJWT } from 'jose';
import { adminCredentials, apiUrl, issuer } from './demo.js';

// A shop's back end logging a customer into the storefront with a signed link, the way
// BigCommerce's Customer Login API does: an HS256 JWT signed with the client's login-link
// secret (its own secret, not the OAuth client secret), opened at {issuer}/login/token/{jwt}.
const clientId = 'storefront';
const secret = process.env.LATCHKEY_LOGIN_LINK_SECRET ?? randomBytes(32).toString('base64url');

// Once, in the back office: give the client the secret your shop signs with.
const admin = createAdminClient({ url: apiUrl, issuer, ...adminCredentials() });
await admin.clients.update.mutate({ id: clientId, loginLinkSecret: secret });
console.log(`login-link secret set on client ${clientId}`);
// Auth servers re-read a client at most 2 seconds after it changes (their client cache).
await new Promise((resolve) => setTimeout(resolve, 2_100));

// For each login: a fresh jti (usable once), iat now (valid for 30 seconds).
const jwt = await new SignJWT({
  iss: clientId,
  iat: Math.floor(Date.now() / 1000),
  jti: randomUUID(),
  operation: 'customer_login',
  store_hash: '1234abcd', // must be the client's storeHash when it has one (the demo storefront's is BigCommerce's sample store)
  customer_id: 'DE--21', // the customer's reference: import customers with their shop id as reference
  redirect_to: '/account/orders',
})
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
  .sign(new TextEncoder().encode(secret));
const link = `${issuer}/login/token/${jwt}`;
console.log(`login link: ${link}`);

// What the customer's browser gets when it opens the link: a session cookie and a redirect.
const opened = await fetch(link, { redirect: 'manual' });
console.log(`opening it: ${opened.status} to ${opened.headers.get('location')}, session cookie set: ${opened.headers.has('set-cookie')}`);
const again = await fetch(link, { redirect: 'manual' });
console.log(`opening it again: ${again.status} to ${again.headers.get('location')} (a jti is spent once)`);
