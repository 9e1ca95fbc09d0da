import { MIN_INDEXED_WORD, searchWords } from './search-terms.js';
import type { SqlDb } from './sql-db.js';

export { MIN_INDEXED_WORD, searchable, searchWords } from './search-terms.js';

type DbClient = Pick<SqlDb, 'transaction'>;

/**
 * Search statements run unnamed (a transaction's statements are), each in a transaction that
 * forbids sequential scans. Named, a statement gets a generic plan after
 * five runs, and for `ILIKE $1` with the pattern unknown that plan scans the
 * table (4 s instead of 60 ms at a million customers). And the planner
 * over-estimates what a trigram match returns, then hashes whole tables
 * rather than look a few thousand rows up by index (company users: 600 ms
 * against 40 ms). Every statement here has an index for each table it reads.
 */
type Query = <Row>(text: string, values: unknown[]) => Promise<Row[]>;
const unnamed =
  (db: DbClient): Query =>
  (text, values) =>
    db.transaction(async (sql) => {
      await sql('SET LOCAL enable_seqscan = off');
      return sql(text, values);
    });

/**
 * At most `cap` rows of a query, through row_number's run condition
 * (PostgreSQL 15) rather than LIMIT: with LIMIT the planner hopes to find
 * enough matches early in a sequential scan and picks one (measured: 350 ms
 * against 130 ms for the trigram bitmap, 'karl' at a million customers).
 */
function first(cap: number, select: string, from: string): string {
  const names = select.split(',').map((column) => column.trim().split('.').pop());
  return `SELECT ${names.join(', ')} FROM (SELECT ${select}, row_number() OVER () AS lk_n FROM ${from}) lk_capped WHERE lk_n <= ${cap}`;
}

/**
 * The back office's user picker: find people by any part of their e-mail,
 * first or last name (company users also by company name), in any case,
 * ranked: exact e-mail first, then e-mails that start with the term, then
 * by trigram similarity. Every word of the term must match somewhere.
 * `ILIKE '%word%'` is served by the pg_trgm GIN indexes on each column
 * (one bitmap scan per column, OR-ed). A word shorter than three
 * characters has no trigram to look up: it only narrows what a longer word
 * found (the API asks for one such word). A broad term is ranked among its
 * first CANDIDATES matches (and its exact e-mail), so no search sorts a
 * quarter of a million rows: measured in docs/performance.md.
 */
export type SearchOptions = { limit: number; offset: number };

/** How many matches a broad term is ranked among. */
export const SEARCH_CANDIDATES = 2000;

/** `%word%` with LIKE's own wildcards taken literally. */
const containing = (word: string): string => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

type Filter = { sql: string; value: unknown };

/** Appends parameters and returns their placeholders, so statements stay parameterised. */
function params(initial: unknown[] = []) {
  const values = [...initial];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

const nameMatch = (alias: string, p: string) =>
  `(${alias}.email ILIKE ${p} OR ${alias}.first_name ILIKE ${p} OR ${alias}.last_name ILIKE ${p})`;

const rank = (alias: string, term: string, prefix: string) =>
  `(lower(${alias}.email) = ${term}) DESC, (lower(${alias}.email) LIKE ${prefix}) DESC,
   greatest(similarity(${alias}.email, ${term}), similarity(${alias}.first_name || ' ' || ${alias}.last_name, ${term})) DESC`;

async function searchPeople(
  db: DbClient,
  table: 'customers' | 'agents',
  term: string,
  filters: Filter[],
  options: SearchOptions,
  exact?: string,
): Promise<string[]> {
  const words = searchWords(term);
  if (!words.some((word) => word.length >= MIN_INDEXED_WORD)) return [];
  const p = params();
  const lowered = p.add(words.join(' '));
  const prefix = p.add(`${containing(words.join(' ')).slice(1)}`);
  const matches = words.map((word) => nameMatch('t', p.add(containing(word)))).join(' AND ');
  const extra = filters.map((f) => ` AND ${f.sql.replace('?', p.add(f.value))}`).join('');
  const exactMatch = `t.email = ${p.add(term.trim().toLowerCase())}${exact ? ` OR t.${exact} = ${p.add(term.trim())}` : ''}`;
  const columns = 't.id, t.email, t.first_name, t.last_name';
  const rows = await unnamed(db)<{ id: string }>(
    `WITH hits AS (
       (${first(SEARCH_CANDIDATES, columns, `${table} t WHERE ${matches}${extra}`)})
       UNION
       (SELECT ${columns} FROM ${table} t WHERE (${exactMatch})${extra})
     )
     SELECT t.id FROM hits t
      ORDER BY ${rank('t', lowered, prefix)}, t.id
      LIMIT ${p.add(options.limit)} OFFSET ${p.add(options.offset)}`,
    p.values,
  );
  return rows.map((row) => row.id);
}

export type CustomerSearchFilters = { email?: string | undefined; reference?: string | undefined; status?: string | undefined };

/** Customer ids, ranked; a term equal to a customer reference finds that customer too. */
export function searchCustomers(db: DbClient, term: string, filters: CustomerSearchFilters, options: SearchOptions): Promise<string[]> {
  const list: Filter[] = [];
  if (filters.email !== undefined) list.push({ sql: 't.email = ?', value: filters.email });
  if (filters.reference !== undefined) list.push({ sql: 't.reference = ?', value: filters.reference });
  if (filters.status !== undefined) list.push({ sql: 't.status::text = ?', value: filters.status });
  return searchPeople(db, 'customers', term, list, options, 'reference');
}

export type AgentSearchFilters = { status?: string | undefined; role?: string | undefined };

export function searchAgents(db: DbClient, term: string, filters: AgentSearchFilters, options: SearchOptions): Promise<string[]> {
  const list: Filter[] = [];
  if (filters.status !== undefined) list.push({ sql: 't.status::text = ?', value: filters.status });
  if (filters.role !== undefined) list.push({ sql: '? = ANY(t.roles::text[])', value: filters.role });
  return searchPeople(db, 'agents', term, list, options);
}

export type CompanyUserSearchFilters = {
  customerId?: string | undefined;
  companyId?: string | undefined;
  roleId?: string | undefined;
  isDefault?: boolean | undefined;
  status?: string | undefined;
};

/**
 * Company user ids, ranked by their customer, found by the customer's
 * e-mail or names or the company's name. The longest word picks the
 * candidates through the trigram indexes (customers matching it and
 * companies matching it, each capped), their company users come by the
 * indexes on company_users, and every word must match each one. Two
 * statements: with the candidates in one, the planner hashed all of
 * company_users (1.9 s at a million).
 */
export async function searchCompanyUsers(
  db: DbClient,
  term: string,
  filters: CompanyUserSearchFilters,
  options: SearchOptions,
): Promise<string[]> {
  const words = searchWords(term);
  const driver = [...words].sort((a, b) => b.length - a.length)[0];
  if (!driver || driver.length < MIN_INDEXED_WORD) return [];
  // A company has ten or more users where a customer has one or two: fewer companies keep the candidates near the cap.
  const { customerIds, companyIds } = await candidates(db, [driver], SEARCH_CANDIDATES, SEARCH_CANDIDATES / 10);
  if (customerIds.length === 0 && companyIds.length === 0) return [];
  const p = params([customerIds, companyIds]);
  const lowered = p.add(words.join(' '));
  const prefix = p.add(`${containing(words.join(' ')).slice(1)}`);
  const conditions = words.map((word) => {
    const w = p.add(containing(word));
    return `(${nameMatch('c', w)} OR co.name ILIKE ${w})`;
  });
  if (filters.customerId !== undefined) conditions.push(`cu.customer_id = ${p.add(filters.customerId)}::uuid`);
  if (filters.companyId !== undefined) conditions.push(`cu.company_id = ${p.add(filters.companyId)}::uuid`);
  if (filters.roleId !== undefined) conditions.push(`cu.role_id = ${p.add(filters.roleId)}::uuid`);
  if (filters.isDefault !== undefined) conditions.push(`cu.is_default = ${p.add(filters.isDefault)}`);
  if (filters.status !== undefined) conditions.push(`cu.status::text = ${p.add(filters.status)}`);
  const rows = await unnamed(db)<{ id: string }>(
    `SELECT cu.id FROM company_users cu
       JOIN customers c ON c.id = cu.customer_id
       JOIN companies co ON co.id = cu.company_id
      WHERE (cu.customer_id = ANY($1::uuid[]) OR cu.company_id = ANY($2::uuid[])) AND ${conditions.join(' AND ')}
      ORDER BY ${rank('c', lowered, prefix)}, similarity(co.name, ${lowered}) DESC, cu.id
      LIMIT ${p.add(options.limit)} OFFSET ${p.add(options.offset)}`,
    p.values,
  );
  return rows.map((row) => row.id);
}

/**
 * Up to `cap` + 1 customers matching every word, and up to `companyCap` + 1
 * companies whose name does (the extra one tells "more than the cap"). Both
 * lookups in one statement, so a search holds one connection for one
 * transaction: as two concurrent transactions, 50 searching callers on the
 * pool of 10 waited past Prisma's 2 s to start one (500s in the bench).
 */
async function candidates(
  db: DbClient,
  words: string[],
  cap: number,
  companyCap = cap,
): Promise<{ customerIds: string[]; companyIds: string[] }> {
  const p = params();
  const personMatch = words.map((word) => nameMatch('t', p.add(containing(word)))).join(' AND ');
  const firmMatch = words.map((word) => `t.name ILIKE ${p.add(containing(word))}`).join(' AND ');
  const [found] = await unnamed(db)<{ customer_ids: string[]; company_ids: string[] }>(
    `SELECT ARRAY(${first(cap + 1, 't.id', `customers t WHERE ${personMatch}`)})::text[] AS customer_ids,
            ARRAY(${first(companyCap + 1, 't.id', `companies t WHERE ${firmMatch}`)})::text[] AS company_ids`,
    p.values,
  );
  return { customerIds: found?.customer_ids ?? [], companyIds: found?.company_ids ?? [] };
}

/** Who a login-token search can mean: the ids found, or null when more than `cap` match (the term is broad). */
export type SearchTargets = { customerIds: string[] | null; companyIds: string[] | null };

/**
 * The customers whose e-mail or names match every word, and the companies
 * whose name does, for filtering login tokens by them: a list of ids when
 * the term is narrow (the tokens are then found through their indexes), null
 * when it is broad (matching tokens are then dense, and a scan in the list's
 * order finds a page of them quickly).
 */
export async function searchTargets(db: DbClient, term: string, cap = SEARCH_CANDIDATES): Promise<SearchTargets> {
  const words = searchWords(term);
  if (!words.some((word) => word.length >= MIN_INDEXED_WORD)) return { customerIds: [], companyIds: [] };
  const found = await candidates(db, words, cap);
  const ids = (list: string[]) => (list.length > cap ? null : list);
  return { customerIds: ids(found.customerIds), companyIds: ids(found.companyIds) };
}
