import type { Policy } from '@latchkey/core';
import type { Db, SecretBox } from '@latchkey/db';

/**
 * Who is calling: the client of a verified access token, with its scopes,
 * and for a staff member's token (an agent signed in on a back-office
 * client) the agent, whose current roles the scopes were checked against.
 */
export type Identity = {
  clientId: string;
  scopes: string[];
  agentId?: string | null;
  /** A client's own token (client credentials): its admin scopes stand only while the client is confidential. */
  clientCredentials?: boolean;
};

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
