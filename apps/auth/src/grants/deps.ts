import type { Policy } from '@latchkey/core';
import type { Db, OidcPayloadStore, SecretBox } from '@latchkey/db';
import type { Logger } from 'pino';
import type { Limiter } from '../login/limiter.js';
import type { ClientRegistry } from '../provider/clients.js';
import type { AccessTokenVerifier } from '../tokens/verify-access-token.js';

/** What every grant handler is built with. */
export type GrantDeps = {
  db: Db;
  store: OidcPayloadStore;
  clients: ClientRegistry;
  policy: Policy;
  audience: string;
  clock: () => Date;
  /** HMAC key that derives a refresh token's successor (tokens/successor.ts). */
  successorKey: Buffer;
  /** Verified against when the username is unknown, so timing does not tell. */
  dummyPasswordHash: Promise<string>;
  /** Bounds concurrent argon2 work (login/limiter.ts). */
  limitHashing: Limiter;
  logger: Logger;
  /** Opens login-link secrets, sealed at rest. */
  secretBox: SecretBox;
  /** Verifies Latchkey access tokens presented back (token exchange). */
  verifyAccessToken: AccessTokenVerifier;
};
