// Latchkey's client library: the typed admin API client, the auth client
// for SPAs and Node, and the access token verifier for resource servers.

export type { AdminRouter, RouterInputs, RouterOutputs } from '@latchkey/api';
export type { OAuthErrorCode, RefusalCode } from '@latchkey/core/protocol';
export { TRPCClientError } from '@trpc/client';
export { type AdminClient, type AdminClientError, type AdminClientOptions, createAdminClient } from './admin-client.js';
export { type AuthClient, type AuthClientOptions, createAuthClient, type LoginOptions, type LogoutResult } from './auth-client.js';
export type { AccessTokenSource } from './authorized-fetch.js';
export { AccessTokenClaims, type Actor, type LatchkeyJwtPayload, type Permission, type SubjectType } from './claims.js';
export { type ClientCredentials, type ClientCredentialsOptions, createClientCredentials } from './client-credentials.js';
export type { SignInOptions } from './code-flow.js';
export { type ClientErrorCode, LatchkeyAuthError } from './errors.js';
export type { Fetch } from './fetch.js';
export type { Session } from './session.js';
export { memoryStorage, type StorageLike, type TokenStorage, webStorage } from './storage.js';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export type { Tokens } from './tokens.js';
export { TokenVerificationError } from './verification-error.js';
