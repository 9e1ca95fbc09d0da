import type { SubjectType } from './vocabulary.js';

/** A permission of a company user's role; `configuration` is whatever JSON the role stores for it. */
export type Permission = { key: string; configuration?: unknown };

/** RFC 8693 §4.1: the party acting for the subject (an agent acting for a customer). */
export type ActClaim = { sub: string; sub_type: 'agent' };

/** What an access token says about its subject, beside the registered claims. */
export type SubjectClaims = {
  sub_type: SubjectType;
  /** Spryker's customer reference. */
  customer_reference?: string;
  /** The company user the customer acts as, and its company and role. */
  id_company_user?: string;
  company_id?: string;
  company_role?: string;
  /** The company user's role's permissions (empty without one). */
  permissions?: Permission[];
  act?: ActClaim;
  /** Business on Behalf: the session may not switch company user (a login token locked it). */
  company_user_locked?: boolean;
  /** A staff member's roles (`viewer`, `editor`, `impersonator`), read again at every refresh. */
  roles?: string[];
};

/** A Latchkey access token's payload as it is on the wire: RFC 9068 §2.2 plus the subject's claims. */
export type AccessTokenPayload = SubjectClaims & {
  iss: string;
  aud: string | string[];
  exp: number;
  iat: number;
  jti: string;
  sub: string;
  client_id: string;
  scope?: string;
  /** The session (grant) the token belongs to; absent for client credentials. */
  sid?: string;
  nbf?: number;
  [claim: string]: unknown;
};
