// Latchkey's client library: the typed admin API client, the auth client
// for SPAs and Node, and the access token verifier for resource servers.
export { createAdminClient, type AdminClient, type AdminClientError, type AdminClientOptions } from './admin-client.js';
export type { AccessTokenSource } from './authorized-fetch.js';
export { createClientCredentials, type ClientCredentials, type ClientCredentialsOptions } from './client-credentials.js';
export { createAuthClient, type AuthClient, type AuthClientOptions, type LoginOptions, type LogoutResult } from './auth-client.js';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export { AccessTokenClaims, type Actor, type LatchkeyJwtPayload, type Permission, type SubjectType } from './claims.js';
export { LatchkeyAuthError } from './errors.js';
export { TokenVerificationError } from './verification-error.js';
export { memoryStorage, webStorage, type StorageLike, type TokenStorage } from './storage.js';
export type { Session } from './session.js';
export type { Tokens } from './tokens.js';
export type { Fetch } from './fetch.js';
export { TRPCClientError } from '@trpc/client';
export type { AdminRouter, RouterInputs, RouterOutputs } from '@latchkey/api';
