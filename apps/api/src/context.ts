import type { Policy } from '@latchkey/core';
import type { Db, SecretBox } from '@latchkey/db';

/** Who is calling: the client of a verified access token, with its scopes. */
export type Identity = { clientId: string; scopes: string[] };

/**
 * Everything a procedure may use. The HTTP layer fills `identity` from a
 * verified bearer token; caller tests pass it directly.
 */
export type Context = {
  db: Db;
  policy: Policy;
  secretBox: SecretBox;
  clock: () => Date;
  identity: Identity | null;
  ip: string | null;
};
