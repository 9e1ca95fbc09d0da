import { createAuthClient, LatchkeyAuthError, type Session, webStorage } from '@latchkey/client';

// Where Latchkey is and which public client this page is: `npm run example:spa` writes them into the page.
const config = JSON.parse(document.getElementById('latchkey-config')!.textContent!) as { issuer: string; clientId: string };
const auth = createAuthClient({
  issuer: config.issuer,
  clientId: config.clientId, // the demo's `storefront`: authorization_code, password and refresh_token grants
  storage: webStorage(sessionStorage), // survives a reload, in this tab only; the default keeps tokens in memory
});
const redirectUri = `${location.origin}/callback`; // one of the client's redirect URIs
const scope = 'storefront';

const element = (id: string) => document.getElementById(id)!;
const say = (text: string) => {
  element('message').textContent = text;
};
const fail = (error: unknown) =>
  say(error instanceof LatchkeyAuthError ? `${error.code ?? error.error}: ${error.description}` : String(error));

// Who is signed in, from the access token's claims (decoded, not verified: that is the resource server's job).
function show(session: Session | null, how?: string) {
  element('signed-out').hidden = session !== null;
  element('signed-in').hidden = session === null;
  if (how !== undefined) element('status').textContent = how;
  if (!session) return;
  const { claims } = session;
  const rows: [string, string | undefined][] = [
    ['Customer', claims.customerReference],
    ['Subject', `${claims.subject} (${claims.subjectType})`],
    ['Company user', claims.companyUserId],
    ['Role', claims.companyRole],
    ['Permissions', claims.permissions.map((permission) => permission.key).join(', ')],
    ['Scopes', claims.scopes.join(' ')],
    ['Token id', claims.raw.jti],
    ['Expires at', claims.expiresAt.toLocaleTimeString()],
  ];
  element('claims').replaceChildren(
    ...rows.flatMap(([term, value]) => [
      Object.assign(document.createElement('dt'), { textContent: term }),
      Object.assign(document.createElement('dd'), { textContent: value ?? '—' }),
    ]),
  );
}
auth.onChange((session) => show(session));

// (a) Latchkey's sign-in page: the authorization code flow with PKCE, back to /callback with a code.
element('sign-in').addEventListener('click', () => {
  auth.signInWithRedirect({ redirectUri, scope }).catch(fail);
});
if (location.pathname === '/callback') {
  const session = await auth.handleCallback(location.href).catch(fail);
  history.replaceState(null, '', '/'); // the code is spent: a reload must not present it again
  if (session) show(session, `Signed in as ${session.claims.customerReference} on the sign-in page`);
} else {
  const session = await auth.getSession(); // from sessionStorage, after a reload
  if (session) show(session, `Signed in as ${session.claims.customerReference}`);
}

// (b) The password grant, from this page's own form.
element('password-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  say('');
  auth
    .login(String(form.get('email')), String(form.get('password')), { scope })
    .then((session) => show(session, `Signed in as ${session.claims.customerReference} with the password grant`), fail);
});

// A new access token and a rotated refresh token; `auth.getAccessToken()` does this by itself when one is about to expire.
element('refresh').addEventListener('click', () => {
  auth
    .refresh()
    .then((session) => show(session, `Refreshed: a new access token until ${session.claims.expiresAt.toLocaleTimeString()}`), fail);
});

// Revokes the refresh token (and with it the session's grant) and clears the storage.
element('sign-out').addEventListener('click', () => {
  void auth
    .logout()
    .then((result) => show(null, result.ok ? 'Signed out: the refresh token is revoked' : `Signed out here, but: ${result.error.message}`));
});
