// Everything of Latchkey's that relies on oidc-provider past its documented
// configuration: undocumented methods it patches, the payload shapes its
// models store, its session cookie, its error texts. Nothing outside this
// folder depends on them; test/internals.test.ts fails when an upgrade of
// oidc-provider changes one.
export { saveAccessToken, saveClientCredentialsToken } from './access-tokens.js';
export { endProviderSession, openProviderSession } from './browser-session.js';
export { compareHashedClientSecrets } from './client-auth.js';
export { jwtIntrospection } from './jwt-introspection.js';
export { grantRecord, refreshTokenRecord, refreshTokenTemplate } from './payloads.js';
export { tokenEndpointErrors } from './token-endpoint-errors.js';
