// The README's snippet, verbatim (the package name resolves to this package):
// checked by `tsc --noEmit`, never run.
import { createAuthClient, LatchkeyAuthError } from '@latchkey/client';

const auth = createAuthClient({
  issuer: 'http://localhost:4000',
  clientId: 'back-office', // a public client with authorization_code, a redirect URI and CORS for this origin
});

// On the page that starts signing in: off to Latchkey's sign-in page.
await auth.signInWithRedirect({
  redirectUri: 'http://localhost:5173/callback',
  scope: 'admin:read admin:write', // granted as far as the person's roles allow
});

// On the callback page (http://localhost:5173/callback?code=…&state=…):
try {
  const session = await auth.handleCallback(window.location.href);
  history.replaceState(null, '', '/'); // the code is spent: keep it out of the history
  console.log(session.claims.subject, session.tokens.scope);
} catch (error) {
  if (!(error instanceof LatchkeyAuthError)) throw error;
  console.log(error.error); // 'access_denied' (cancelled), 'invalid_state' (not ours, or used), ...
}
