import type { Policy } from '@latchkey/core';
import type {
  ClientStore,
  LoginStore,
  LoginTokenStore,
  OidcPayloadStore,
  SecretBox,
  SessionFacts,
  SqlDb,
  StorefrontTokenStore,
} from '@latchkey/db';
import type { Logger } from 'pino';
import type { Limiter } from './login/limiter.js';
import type { ClientRegistry } from './provider/clients.js';
import type { AccessTokenVerifier } from './tokens/verify-access-token.js';

/** What the auth server's handlers are built with: grants, login links, the sign-in page, the front doors. */
export type AuthDeps = {
  /** Raw SQL for the lockout counters, used `jti`s and audit rows (their own modules in @latchkey/db); reads go through the stores below. */
  db: SqlDb;
  /** oidc-provider's payloads (grants, tokens, sessions). */
  store: OidcPayloadStore;
  /** The people, companies and login tokens behind a session. */
  facts: SessionFacts;
  loginTokens: LoginTokenStore;
  /** Password logins: the statement before argon2, the one after it, hash upgrades. */
  logins: LoginStore;
  storefrontTokens: StorefrontTokenStore;
  /** Clients as stored; `clients` is the cached view every request reads. */
  clientStore: ClientStore;
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
