import { defaultCompanyUserOf } from './default-company-user.js';
import {
  type CounterRule,
  counterFromRow,
  type FailureCounter,
  RESERVE,
  reserveParams,
  SETTLE,
  type SettledAttempt,
  settleParams,
} from './login-failures.js';
import {
  type ActiveStatus,
  COMPANY_JOINS,
  type CustomerWithCompanyUser,
  FACTS_COLUMNS,
  type FactsRow,
  factsFromRow,
  type StaffRoleName,
} from './session-facts.js';
import type { Sql } from './sql.js';
import { epochMs } from './sql-time.js';

// A password login in two statements around its argon2 verify (a third stores the session):
// `beginPasswordLogin` reserves the IP, reads the account's counter and the candidate;
// `settlePasswordLogin` settles the account, gives the IP back, and reads the facts of the
// session a right password starts. Each was three statements, two round trips before argon2 and three
// after it; the lockout rules are login-failures.ts's statements, run as they are inside these.

export type Directory = 'customer' | 'agent';

export type LoginCandidate = {
  id: string;
  passwordHash: string | null;
  status: ActiveStatus;
  emailVerified: boolean;
  /** A staff member's roles; none for a customer. */
  roles: StaffRoleName[];
  reference: string;
};

type CandidateRow = {
  id: string | null;
  password_hash: string | null;
  status: ActiveStatus;
  email_verified: boolean;
  roles: StaffRoleName[] | null;
  reference: string;
};

const CANDIDATE = {
  agent: (email: string) =>
    `SELECT id, password_hash, status::text AS status, true AS email_verified, roles::text[] AS roles, '' AS reference FROM agents WHERE email = ${email}`,
  customer: (email: string) =>
    `SELECT id, password_hash, status::text AS status, email_verified_at IS NOT NULL AS email_verified, '{}'::text[] AS roles, reference FROM customers WHERE email = ${email}`,
};

const candidateFromRow = (row: CandidateRow | undefined): LoginCandidate | null =>
  row?.id
    ? {
        id: row.id,
        passwordHash: row.password_hash,
        status: row.status,
        emailVerified: row.email_verified,
        roles: row.roles ?? [],
        reference: row.reference,
      }
    : null;

/** A customer or agent by e-mail, with what a password login needs. */
export async function findLoginCandidate(sql: Sql, directory: Directory, email: string): Promise<LoginCandidate | null> {
  return candidateFromRow((await sql<CandidateRow>(CANDIDATE[directory]('$1'), [email]))[0]);
}

// RESERVE on the IP ($1-$7), the account's counter ($8) as it stands, the candidate by e-mail ($9). Always one row.
const beginIn = (directory: Directory) => `WITH ip AS (${RESERVE})
SELECT (SELECT count(*) FROM ip)::int AS ip_reserved, a.failures AS account_failures,
       ${epochMs('a.window_started_at')} AS account_window_ms, ${epochMs('a.last_failure_at')} AS account_last_ms, p.*
  FROM (SELECT 1) AS one
  LEFT JOIN login_failure_counters a ON a.key = $8::text
  LEFT JOIN LATERAL (${CANDIDATE[directory]('$9::text')}) p ON true`;
const BEGIN = { customer: beginIn('customer'), agent: beginIn('agent') };

export type LoginBegun = {
  /** False: the IP is locked, nothing was counted. */
  ipReserved: boolean;
  /** The account's counter before this attempt (none: never failed). */
  account: FailureCounter | undefined;
  candidate: LoginCandidate | null;
};

/**
 * Before any password work, in one statement: reserves the attempt on the
 * IP (reserveLoginAttempt's upsert), reads the account's counter (the
 * caller refuses a locked account before argon2) and the candidate by
 * e-mail (null: pass no e-mail, or none matched). The candidate is read
 * whatever the counters say, so a locked name costs what an open one does.
 */
export async function beginPasswordLogin(
  sql: Sql,
  input: { directory: Directory; email: string | null; ipKey: string; accountKey: string; now: Date; ipRule: CounterRule },
): Promise<LoginBegun> {
  const [row] = await sql<
    CandidateRow & { ip_reserved: number; account_failures: number | null; account_window_ms: number; account_last_ms: number }
  >(BEGIN[input.directory], [...reserveParams(input.ipKey, input.now, input.ipRule), input.accountKey, input.email]);
  if (!row) throw new Error('beginPasswordLogin: no row');
  return {
    ipReserved: row.ip_reserved === 1,
    account: row.account_failures === null ? undefined : counterFromRow(row.account_failures, row.account_window_ms, row.account_last_ms),
    candidate: candidateFromRow(row),
  };
}

/** Which company user the session of a right password is read with: one by id, or the customer's default. */
export type SessionCompanyUser = { id: string } | 'default';

// SETTLE on the account ($1-$9); the IP's reservation ($10) given back unless the attempt is a failure the account
// took. The IP row is locked only after the account's (its update joins the settled count), so two settlements never
// wait on each other's rows in opposite orders.
const SETTLE_AND_RELEASE = `WITH settled AS (${SETTLE}),
  released AS (UPDATE login_failure_counters r SET failures = GREATEST(r.failures - 1, 0)
                 FROM (SELECT count(*) AS n FROM settled) s
                WHERE r.key = $10::text AND (s.n = 0 OR $8::int = 0))`;
// With the facts of a customer ($11, null for an unknown name): read only for a right password the account took, so a
// refused attempt runs the same work whatever its password was.
const settleWithFacts = (companyUser: string) => `${SETTLE_AND_RELEASE}
SELECT (SELECT count(*) FROM settled)::int AS settled, f.*
  FROM (SELECT 1) AS one
  LEFT JOIN LATERAL (SELECT ${FACTS_COLUMNS} FROM customers c LEFT JOIN company_users cu ON cu.id = ${companyUser} ${COMPANY_JOINS}
                      WHERE c.id = $11::uuid AND $8::int = 0 AND EXISTS (SELECT 1 FROM settled)) f ON true`;
const SETTLE_ONLY = `${SETTLE_AND_RELEASE}
SELECT (SELECT count(*) FROM settled)::int AS settled`;
const SETTLE_WITH_FACTS = { default: settleWithFacts(defaultCompanyUserOf('c.id')), byId: settleWithFacts('$12::uuid') };

export type LoginSettled = {
  /** False: the account is locked; nothing was counted, the IP's reservation was given back. */
  settled: boolean;
  /** With `facts` asked for: the customer and company user of a right password's session (null otherwise, or gone). */
  facts: CustomerWithCompanyUser | null;
};

/**
 * After argon2, in one statement: settles the attempt on the account's
 * counter (settleLoginAttempt's conditional upsert), gives the IP's
 * reservation back unless the attempt is a failure the account took, and
 * with `facts` (a customer directory) reads the customer with their company
 * user for the session a right password starts. An attempt that found no
 * candidate passes `facts` with a null customer, so the statement does not
 * depend on whether the name exists.
 */
export async function settlePasswordLogin(
  sql: Sql,
  input: {
    accountKey: string;
    ipKey: string;
    attempt: SettledAttempt;
    rule: CounterRule;
    facts?: { customerId: string | null; companyUser: SessionCompanyUser } | undefined;
  },
): Promise<LoginSettled> {
  const params = [...settleParams(input.accountKey, input.attempt, input.rule), input.ipKey];
  const { facts } = input;
  if (!facts) {
    const [row] = await sql<{ settled: number }>(SETTLE_ONLY, params);
    return { settled: row?.settled === 1, facts: null };
  }
  const [row] =
    facts.companyUser === 'default'
      ? await sql<FactsRow & { settled: number }>(SETTLE_WITH_FACTS.default, [...params, facts.customerId])
      : await sql<FactsRow & { settled: number }>(SETTLE_WITH_FACTS.byId, [...params, facts.customerId, facts.companyUser.id]);
  return { settled: row?.settled === 1, facts: row ? factsFromRow(row) : null };
}
