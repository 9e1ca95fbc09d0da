// The README's snippet, verbatim (the package name resolves to this package):
// checked by `tsc --noEmit`, never run.
import { createAuthClient, LatchkeyAuthError, webStorage } from '@latchkey/client';

const auth = createAuthClient({
  issuer: 'http://localhost:4000',
  clientId: 'storefront', // a public client with the password and refresh_token grants
  storage: webStorage(localStorage), // the default keeps tokens in memory only
});

auth.onChange((session) => {
  console.log(session ? `signed in as ${session.claims.subject}` : 'signed out');
});

try {
  const session = await auth.login('sonia@example.com', 'change123');
  console.log(session.claims.companyUserId, session.claims.permissions);
} catch (error) {
  if (!(error instanceof LatchkeyAuthError)) throw error;
  console.log(error.code, error.description); // 'invalid_credentials' 'invalid username or password'
}

// Before each call to your API: a valid access token, refreshed when it is about to expire.
const cart = await fetch('/api/cart', {
  headers: { authorization: `Bearer ${await auth.getAccessToken()}` },
});
console.log(cart.status);

await auth.logout(); // revokes the refresh token and clears the storage
