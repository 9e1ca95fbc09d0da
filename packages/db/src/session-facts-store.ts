import type { Db } from './create-db.js';
import { findRefreshTokenWithFacts } from './refresh-token-facts.js';
import { type RefreshRotation, rotateRefreshToken } from './refresh-token-rotation.js';
import {
  type ActiveStatus,
  discardRefreshToken,
  type GrantRefreshToken,
  loadAgent,
  loadCustomerWithCompanyUser,
  loadCustomerWithCompanyUserInGrant,
  loginTokenStands,
} from './session-facts.js';

/** A customer or staff member as oidc-provider's own flows show them (`findAccount`). */
export type Person = { id: string; status: ActiveStatus; email: string; firstName: string; lastName: string };

const PERSON_COLUMNS = 'id, status::text AS status, email, first_name AS "firstName", last_name AS "lastName"';
const CUSTOMER_BY_ID = `SELECT ${PERSON_COLUMNS} FROM customers WHERE id = $1::uuid`;
const AGENT_BY_ID = `SELECT ${PERSON_COLUMNS} FROM agents WHERE id = $1::uuid`;
const CUSTOMER_ID_BY_REFERENCE = 'SELECT id FROM customers WHERE reference = $1';
const CUSTOMER_ID_BY_ID = 'SELECT id FROM customers WHERE id = $1::uuid';

/**
 * What the token endpoint reads about the people, companies and login
 * tokens behind a session (session-facts.ts has the statements), as one
 * store on a database; and the refresh that reads them as it rotates.
 */
export function createSessionFacts(db: Pick<Db, 'sql'>) {
  const { sql } = db;
  return {
    /** A customer with a company user (by id, their default with 'default', none with null). */
    customerWithCompanyUser: (customerId: string, companyUserId: string | null | 'default') =>
      loadCustomerWithCompanyUser(sql, customerId, companyUserId),
    /**
     * The same by company user id, with the grant a company switch continues (null: it no longer stands), storing
     * the switch's refresh token in the same statement when the switch will stand.
     */
    customerWithCompanyUserInGrant: (
      customerId: string,
      companyUserId: string,
      grantId: string,
      now: Date,
      refreshToken?: GrantRefreshToken,
    ) => loadCustomerWithCompanyUserInGrant(sql, customerId, companyUserId, grantId, now, refreshToken),
    /** Deletes a refresh token customerWithCompanyUserInGrant stored for a switch that was refused after all. */
    discardRefreshToken: (value: string) => discardRefreshToken(sql, value),
    agent: (agentId: string) => loadAgent(sql, agentId),
    /** Whether an anonymous session's login token still stands. */
    loginTokenStands: (loginTokenId: string, now: Date) => loginTokenStands(sql, loginTokenId, now),
    /** A refresh token with the facts of its customer session, in one statement. */
    refreshTokenWithFacts: (value: string) => findRefreshTokenWithFacts(sql, value),
    /** The same, rotating the token of a customer's own session in the same statement (refresh-token-rotation.ts). */
    rotateRefreshToken: (rotation: RefreshRotation) => rotateRefreshToken(sql, rotation),

    /** A customer or agent by id (a uuid), for the authorization code flow's account. */
    async person(directory: 'customer' | 'agent', id: string): Promise<Person | null> {
      const [row] = await sql<Person>(directory === 'agent' ? AGENT_BY_ID : CUSTOMER_BY_ID, [id]);
      return row ?? null;
    },

    /** A customer's id by their Latchkey id (a uuid) or their reference (a shop's own customer id). */
    async customerId(by: { id: string } | { reference: string }): Promise<string | null> {
      const [row] =
        'id' in by
          ? await sql<{ id: string }>(CUSTOMER_ID_BY_ID, [by.id])
          : await sql<{ id: string }>(CUSTOMER_ID_BY_REFERENCE, [by.reference]);
      return row?.id ?? null;
    },
  };
}

export type SessionFacts = ReturnType<typeof createSessionFacts>;
