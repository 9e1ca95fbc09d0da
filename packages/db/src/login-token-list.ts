import type { SearchTargets } from './search.js';
import { searchWords } from './search-terms.js';
import { fromEpochMs, type Sql } from './sql.js';
import { epochMs, tsParam } from './sql-time.js';

/**
 * The back office's Login Tokens screen as one statement per page: the
 * filtered, keyset-paged tokens of `login_tokens` alone (each sort has a
 * btree on (field, id), served forwards or backwards), then the page's
 * people and companies by primary key. No COUNT: a page says only whether
 * there is another (limit + 1 rows). The text depends on which filters are
 * present, never on their values, so on a direct PostgreSQL connection each
 * shape is one named statement, planned once per connection.
 */

export const LOGIN_TOKEN_LIST_SORTS = {
  createdAt: { column: 'created_at', nullable: false },
  updatedAt: { column: 'updated_at', nullable: false },
  expiresAt: { column: 'expires_at', nullable: true },
  lastAccessedAt: { column: 'last_accessed_at', nullable: true },
  successfulAttempts: { column: 'successful_attempts', nullable: false },
  failedAttempts: { column: 'failed_attempts', nullable: false },
} as const;
export type LoginTokenListSortField = keyof typeof LOGIN_TOKEN_LIST_SORTS;

type Range = { from?: Date | undefined; to?: Date | undefined };
type Comparison = { op: 'eq' | 'gt' | 'gte' | 'lt' | 'lte'; value: number };

export type LoginTokenListFilters = {
  ids?: string[] | undefined;
  /** A company user's token is filed under its customer too, so this finds both kinds. */
  customerId?: string | undefined;
  companyUserId?: string | undefined;
  clientId?: string | undefined;
  subjectType?: 'customer' | 'company_user' | 'anonymous' | undefined;
  expiresAt?: Range | undefined;
  createdAt?: Range | undefined;
  updatedAt?: Range | undefined;
  lastAccessedAt?: Range | undefined;
  successfulAttempts?: Comparison | undefined;
  failedAttempts?: Comparison | undefined;
  oneTimeUse?: boolean | undefined;
  lockCompanyUser?: boolean | undefined;
  revoked?: boolean | undefined;
  /**
   * The picker's term and whom it can mean (searchTargets): narrow terms as
   * id lists, served by the tokens' customer and company-user indexes; a
   * broad one (null) as the `ILIKE` itself, where matching tokens are dense
   * and a scan in the page's order finds a page of them quickly.
   */
  search?: { term: string; targets: SearchTargets } | undefined;
};

export type LoginTokenListQuery = {
  filters: LoginTokenListFilters;
  sort: { field: LoginTokenListSortField; direction: 'asc' | 'desc' };
  /** The last row of the previous page: its sort value (null in a nullable field's null tail) and id. */
  after?: { value: Date | number | null; id: string } | undefined;
  /** Rows to answer (ask for one more than a page to learn whether another follows). */
  take: number;
};

type Person = { firstName: string; lastName: string; email: string };

export type LoginTokenListRow = {
  id: string;
  clientId: string;
  customerId: string | null;
  companyUserId: string | null;
  notBefore: Date | null;
  expiresAt: Date | null;
  oneTimeUse: boolean;
  lockCompanyUser: boolean;
  valueKept: boolean;
  successfulAttempts: number;
  failedAttempts: number;
  lastAccessedAt: Date | null;
  requestIp: string | null;
  extra: unknown;
  createdBy: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** Whom it is for: the company user's customer, else the token's customer. */
  person: Person | null;
  companyName: string | null;
};

type Raw = {
  id: string;
  client_id: string;
  customer_id: string | null;
  company_user_id: string | null;
  not_before: number | null;
  expires_at: number | null;
  one_time_use: boolean;
  lock_company_user: boolean;
  value_kept: boolean;
  successful_attempts: number;
  failed_attempts: number;
  last_accessed_at: number | null;
  request_ip: string | null;
  extra: unknown;
  created_by: string | null;
  revoked_at: number | null;
  created_at: number;
  updated_at: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  company_name: string | null;
};

/** Appends parameters and answers their placeholders, so the text never holds a value. */
function params() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown, cast = ''): string {
      values.push(value);
      return `$${values.length}${cast}`;
    },
  };
}
type Params = ReturnType<typeof params>;

const OPS = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
const SUBJECT_TYPES = {
  company_user: 't.company_user_id IS NOT NULL',
  customer: 't.company_user_id IS NULL AND t.customer_id IS NOT NULL',
  anonymous: 't.company_user_id IS NULL AND t.customer_id IS NULL',
} as const;

/** `%word%` with LIKE's own wildcards taken literally. */
const containing = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function rangeConditions(column: string, range: Range | undefined, p: Params): string[] {
  if (!range) return [];
  const out: string[] = [];
  if (range.from) out.push(`t.${column} >= ${tsParam(p.add(range.from.getTime()))}`);
  if (range.to) out.push(`t.${column} < ${tsParam(p.add(range.to.getTime()))}`);
  return out;
}

function searchCondition(search: LoginTokenListFilters['search'], subjectType: LoginTokenListFilters['subjectType'], p: Params): string[] {
  if (!search) return [];
  // An anonymous token has nobody a term could match; as a condition, a broad search would walk the whole table to learn it.
  if (subjectType === 'anonymous') return ['false'];
  const { customerIds, companyIds } = search.targets;
  // Added only when a broad side uses them: a parameter no text names has no type.
  const patterns = searchWords(search.term).map(containing);
  let added: string[] | null = null;
  const words = () => {
    added ??= patterns.map((pattern) => p.add(pattern));
    return added;
  };
  // An arm with no ids is left out: an OR with an arm that finds nothing still costs the planner its index paths.
  const arms: string[] = [];
  // A broad arm's OFFSET 0 keeps its EXISTS a per-row check of the walk in the page's order: PostgreSQL turns a
  // plain EXISTS into a semi-join, and as one, estimating a trigram match at a fraction of a percent, it read
  // every token of every matching customer and sorted them (`bench` with failed attempts: 490 ms for a page at
  // 20,000 customers and 1M tokens, 44,651 rows sorted, where the walk reads about a thousand).
  if (customerIds === null)
    arms.push(
      `EXISTS (SELECT 1 FROM customers sc WHERE sc.id = t.customer_id AND ${words()
        .map((w) => `(sc.email ILIKE ${w} OR sc.first_name ILIKE ${w} OR sc.last_name ILIKE ${w})`)
        .join(' AND ')} OFFSET 0)`,
    );
  else if (customerIds.length) arms.push(`t.customer_id = ANY(${p.add(customerIds, '::uuid[]')})`);
  if (companyIds === null)
    arms.push(`EXISTS (SELECT 1 FROM company_users scu JOIN companies sco ON sco.id = scu.company_id
                  WHERE scu.id = t.company_user_id AND ${words()
                    .map((w) => `sco.name ILIKE ${w}`)
                    .join(' AND ')} OFFSET 0)`);
  else if (companyIds.length)
    arms.push(
      `t.company_user_id = ANY(ARRAY(SELECT scu.id FROM company_users scu WHERE scu.company_id = ANY(${p.add(companyIds, '::uuid[]')})))`,
    );
  if (arms.length === 0) return ['false'];
  return [`(${arms.join(' OR ')})`];
}

function filterConditions(f: LoginTokenListFilters, p: Params, perCustomer: boolean): string[] {
  const out: string[] = [];
  if (f.ids) out.push(`t.id = ANY(${p.add(f.ids, '::uuid[]')})`);
  if (f.customerId !== undefined) out.push(`t.customer_id = ${p.add(f.customerId, '::uuid')}`);
  if (f.companyUserId !== undefined) out.push(`t.company_user_id = ${p.add(f.companyUserId, '::uuid')}`);
  if (f.clientId !== undefined) out.push(`t.client_id = ${p.add(f.clientId)}`);
  if (f.subjectType) out.push(SUBJECT_TYPES[f.subjectType]);
  out.push(...rangeConditions('expires_at', f.expiresAt, p));
  out.push(...rangeConditions('created_at', f.createdAt, p));
  out.push(...rangeConditions('updated_at', f.updatedAt, p));
  out.push(...rangeConditions('last_accessed_at', f.lastAccessedAt, p));
  if (f.successfulAttempts) out.push(`t.successful_attempts ${OPS[f.successfulAttempts.op]} ${p.add(f.successfulAttempts.value, '::int')}`);
  if (f.failedAttempts) out.push(`t.failed_attempts ${OPS[f.failedAttempts.op]} ${p.add(f.failedAttempts.value, '::int')}`);
  if (f.oneTimeUse !== undefined) out.push(`t.one_time_use = ${p.add(f.oneTimeUse, '::boolean')}`);
  if (f.lockCompanyUser !== undefined) out.push(`t.lock_company_user = ${p.add(f.lockCompanyUser, '::boolean')}`);
  if (f.revoked !== undefined) out.push(f.revoked ? 't.revoked_at IS NOT NULL' : 't.revoked_at IS NULL');
  // Per customer, the search is the lateral's join condition (pageOfTokens).
  if (!perCustomer) out.push(...searchCondition(f.search, f.subjectType, p));
  return out;
}

/** Most customers a search pages one by one (below); a broader list walks the sort's index. */
const PER_CUSTOMER_MAX = 32;

/**
 * The customers a narrow search means, when its page is better read one
 * customer at a time (no company matched): sorted by creation, up to
 * PER_CUSTOMER_MAX customers, each giving its first rows of the page from
 * the (customer_id, created_at, id) btree, and the page is the first of
 * those; sorted by another field, one customer, whose rows are read by that
 * btree and sorted. With `customer_id = ANY(...)` the plan walked the sort's
 * index and filtered, and for one customer in 200 (the bench: 5,000 tokens
 * each) read 12,500 to 14,000 rows for a page of 51 (13 to 17 ms of
 * PostgreSQL CPU a page); a named statement's generic plan, not knowing the
 * array's length, picks that walk for any list, and for a customer with a
 * handful of tokens among millions the walk reads the whole index. By
 * creation, per customer, a page reads at most 51 rows of each; by another
 * field, every row of the one customer (bounded by what the customer has,
 * where the walk is bounded by nothing).
 */
function perCustomerIds(q: LoginTokenListQuery): string[] | null {
  const search = q.filters.search;
  if (!search) return null;
  const { customerIds, companyIds } = search.targets;
  if (customerIds === null || companyIds === null || companyIds.length > 0) return null;
  const ids = [...new Set(customerIds)];
  return ids.length > 0 && ids.length <= (q.sort.field === 'createdAt' ? PER_CUSTOMER_MAX : 1) ? ids : null;
}

const sortValue = (value: Date | number, p: Params): string =>
  value instanceof Date ? tsParam(p.add(value.getTime())) : p.add(value, '::int');

/**
 * The page's rows of login_tokens, as up to two parts: the rows with a sort
 * value past the cursor, in the btree's order ((field, id) compared as a
 * row, so the index both finds the start and yields the order), then for a
 * nullable field the null tail by id, read only when the first part came
 * short (a one-time filter: a filter no null row passes would otherwise
 * walk the whole tail). A nullable field as one `ORDER BY field NULLS LAST`
 * could not use that index in the descending direction and would sort
 * every match.
 */
function pageOfTokens(q: LoginTokenListQuery, where: string[], take: string, p: Params, perCustomer: string[] | null): string {
  const { column, nullable } = LOGIN_TOKEN_LIST_SORTS[q.sort.field];
  const dir = q.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const past = q.sort.direction === 'asc' ? '>' : '<';
  const and = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
  const after = q.after;
  const inTail = nullable && after !== undefined && after.value === null;
  const ctes: string[] = [];
  const customers = perCustomer ? p.add(perCustomer, '::uuid[]') : null;
  // OFFSET 0 keeps the plan from walking the sort's index for the LIMIT: the customer's rows come by its btree.
  const source = (conditions: string[]) =>
    customers
      ? `(SELECT t.* FROM login_tokens t ${and([`t.customer_id = ANY(${customers})`, ...conditions])} OFFSET 0) t`
      : `login_tokens t ${and(conditions)}`;
  if (!inTail) {
    const keyset =
      after && after.value !== null ? [`(t.${column}, t.id) ${past} (${sortValue(after.value, p)}, ${p.add(after.id, '::uuid')})`] : [];
    const conditions = [...where, ...(nullable ? [`t.${column} IS NOT NULL`] : []), ...keyset];
    const order = `ORDER BY t.${column} ${dir}, t.id ${dir} LIMIT ${take}`;
    const from =
      customers && q.sort.field === 'createdAt'
        ? `unnest(${customers}) lk_c(id) CROSS JOIN LATERAL (SELECT t.* FROM login_tokens t
          ${and(['t.customer_id = lk_c.id', ...conditions])} ${order}) t`
        : source(conditions);
    ctes.push(`lk_values AS MATERIALIZED (SELECT t.*, 0 AS lk_part FROM ${from}
      ${order})`);
  }
  if (nullable) {
    const keyset = inTail && after ? [`t.id ${past} ${p.add(after.id, '::uuid')}`] : [];
    const short = inTail ? [] : [`(SELECT count(*) FROM lk_values) < ${take}`];
    const conditions = [...short, ...where, `t.${column} IS NULL`, ...keyset];
    ctes.push(`lk_nulls AS MATERIALIZED (SELECT t.*, 1 AS lk_part FROM ${source(conditions)} ORDER BY t.id ${dir} LIMIT ${take})`);
  }
  const names = [...(inTail ? [] : ['lk_values']), ...(nullable ? ['lk_nulls'] : [])];
  return `WITH ${ctes.join(',\n')}, lk_page AS (${names.map((n) => `SELECT * FROM ${n}`).join(' UNION ALL ')})`;
}

/**
 * The statement and its parameters (the bench's EXPLAIN notes use it too).
 * The row count is part of the text, not a parameter: a named statement's
 * generic plan, not knowing it, costs a LIMIT as a tenth of the table and
 * sorts everything (1.4 s against 9 ms at a million rows).
 */
export function loginTokenListStatement(q: LoginTokenListQuery): { text: string; values: unknown[] } {
  if (!Number.isInteger(q.take) || q.take < 1 || q.take > 1000) throw new Error('listLoginTokens: take must be an integer from 1 to 1000');
  const take = String(q.take);
  const p = params();
  const perCustomer = perCustomerIds(q);
  const where = filterConditions(q.filters, p, perCustomer !== null);
  const tokens = pageOfTokens(q, where, take, p, perCustomer);
  const { column } = LOGIN_TOKEN_LIST_SORTS[q.sort.field];
  const dir = q.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const text = `${tokens}
    SELECT l.id, l.client_id, l.customer_id, l.company_user_id, ${epochMs('l.not_before')} AS not_before,
      ${epochMs('l.expires_at')} AS expires_at, l.one_time_use, l.lock_company_user, l.token_enc IS NOT NULL AS value_kept,
      l.successful_attempts, l.failed_attempts, ${epochMs('l.last_accessed_at')} AS last_accessed_at, l.request_ip, l.extra,
      l.created_by, ${epochMs('l.revoked_at')} AS revoked_at, ${epochMs('l.created_at')} AS created_at,
      ${epochMs('l.updated_at')} AS updated_at, c.first_name, c.last_name, c.email, co.name AS company_name
    FROM lk_page l
    LEFT JOIN company_users cu ON cu.id = l.company_user_id
    LEFT JOIN customers c ON c.id = COALESCE(cu.customer_id, l.customer_id)
    LEFT JOIN companies co ON co.id = cu.company_id
    ORDER BY l.lk_part, l.${column} ${dir}, l.id ${dir}
    LIMIT ${take}`;
  return { text, values: p.values };
}

const toRow = (r: Raw): LoginTokenListRow => ({
  id: r.id,
  clientId: r.client_id,
  customerId: r.customer_id,
  companyUserId: r.company_user_id,
  notBefore: fromEpochMs(r.not_before),
  expiresAt: fromEpochMs(r.expires_at),
  oneTimeUse: r.one_time_use,
  lockCompanyUser: r.lock_company_user,
  valueKept: r.value_kept,
  successfulAttempts: r.successful_attempts,
  failedAttempts: r.failed_attempts,
  lastAccessedAt: fromEpochMs(r.last_accessed_at),
  requestIp: r.request_ip,
  extra: r.extra,
  createdBy: r.created_by,
  revokedAt: fromEpochMs(r.revoked_at),
  createdAt: new Date(Number(r.created_at)),
  updatedAt: new Date(Number(r.updated_at)),
  person: r.email === null ? null : { firstName: r.first_name ?? '', lastName: r.last_name ?? '', email: r.email },
  companyName: r.company_name,
});

/** One page of the Login Tokens screen, in one statement. */
export async function listLoginTokens(sql: Sql, q: LoginTokenListQuery): Promise<LoginTokenListRow[]> {
  const { text, values } = loginTokenListStatement(q);
  return (await sql<Raw>(text, values)).map(toRow);
}
