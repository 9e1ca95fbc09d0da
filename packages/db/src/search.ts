import type { Sql } from './sql.js';

/**
 * The back office's user picker: find people by any part of their e-mail,
 * first or last name (company users also by company name), in any case,
 * ranked: exact e-mail first, then e-mails that start with the term, then
 * by trigram similarity. Every word of the term must match somewhere.
 * `ILIKE '%word%'` is served by the pg_trgm GIN indexes on each column
 * (one bitmap scan per column, OR-ed), so a search stays fast at a million
 * rows; words shorter than three characters cannot use a trigram and scan.
 */
export type SearchOptions = { limit: number; offset: number };

const MAX_WORDS = 5;

/** The words of a search term, lowercased, at most five (the rest adds nothing a picker needs). */
export const searchWords = (term: string): string[] => term.toLowerCase().split(/\s+/).filter(Boolean).slice(0, MAX_WORDS);

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
  sql: Sql,
  table: 'customers' | 'agents',
  term: string,
  filters: Filter[],
  options: SearchOptions,
  exact?: string,
): Promise<string[]> {
  const words = searchWords(term);
  if (words.length === 0) return [];
  const p = params();
  const lowered = p.add(words.join(' '));
  const prefix = p.add(`${containing(words.join(' ')).slice(1)}`);
  const matches = words.map((word) => nameMatch('t', p.add(containing(word)))).join(' AND ');
  const where = exact ? `((${matches}) OR t.${exact} = ${p.add(term.trim())})` : `(${matches})`;
  const extra = filters.map((f) => ` AND ${f.sql.replace('?', p.add(f.value))}`).join('');
  const rows = await sql<{ id: string }>(
    `SELECT t.id FROM ${table} t WHERE ${where}${extra}
      ORDER BY ${rank('t', lowered, prefix)}, t.id
      LIMIT ${p.add(options.limit)} OFFSET ${p.add(options.offset)}`,
    p.values,
  );
  return rows.map((row) => row.id);
}

export type CustomerSearchFilters = { email?: string | undefined; reference?: string | undefined; status?: string | undefined };

/** Customer ids, ranked; a term equal to a customer reference finds that customer too. */
export function searchCustomers(sql: Sql, term: string, filters: CustomerSearchFilters, options: SearchOptions): Promise<string[]> {
  const list: Filter[] = [];
  if (filters.email !== undefined) list.push({ sql: 't.email = ?', value: filters.email });
  if (filters.reference !== undefined) list.push({ sql: 't.reference = ?', value: filters.reference });
  if (filters.status !== undefined) list.push({ sql: 't.status::text = ?', value: filters.status });
  return searchPeople(sql, 'customers', term, list, options, 'reference');
}

export type AgentSearchFilters = { status?: string | undefined; role?: string | undefined };

export function searchAgents(sql: Sql, term: string, filters: AgentSearchFilters, options: SearchOptions): Promise<string[]> {
  const list: Filter[] = [];
  if (filters.status !== undefined) list.push({ sql: 't.status::text = ?', value: filters.status });
  if (filters.role !== undefined) list.push({ sql: '? = ANY(t.roles::text[])', value: filters.role });
  return searchPeople(sql, 'agents', term, list, options);
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
 * candidates through the indexes (customers matching it, united with
 * companies matching it); every other word must match the candidate too.
 */
export async function searchCompanyUsers(
  sql: Sql,
  term: string,
  filters: CompanyUserSearchFilters,
  options: SearchOptions,
): Promise<string[]> {
  const words = searchWords(term);
  if (words.length === 0) return [];
  const p = params();
  const lowered = p.add(words.join(' '));
  const prefix = p.add(`${containing(words.join(' ')).slice(1)}`);
  const driver = [...words].sort((a, b) => b.length - a.length)[0]!;
  const d = p.add(containing(driver));
  const each = words.map((word) => {
    const w = p.add(containing(word));
    return `(${nameMatch('c', w)} OR co.name ILIKE ${w})`;
  });
  const conditions = [...each];
  if (filters.customerId !== undefined) conditions.push(`cu.customer_id = ${p.add(filters.customerId)}::uuid`);
  if (filters.companyId !== undefined) conditions.push(`cu.company_id = ${p.add(filters.companyId)}::uuid`);
  if (filters.roleId !== undefined) conditions.push(`cu.role_id = ${p.add(filters.roleId)}::uuid`);
  if (filters.isDefault !== undefined) conditions.push(`cu.is_default = ${p.add(filters.isDefault)}`);
  if (filters.status !== undefined) conditions.push(`cu.status::text = ${p.add(filters.status)}`);
  const rows = await sql<{ id: string }>(
    `WITH candidates AS (
       SELECT x.id FROM company_users x JOIN customers m ON m.id = x.customer_id WHERE ${nameMatch('m', d)}
       UNION
       SELECT x.id FROM company_users x JOIN companies n ON n.id = x.company_id WHERE n.name ILIKE ${d}
     )
     SELECT cu.id FROM candidates k
       JOIN company_users cu ON cu.id = k.id
       JOIN customers c ON c.id = cu.customer_id
       JOIN companies co ON co.id = cu.company_id
      WHERE ${conditions.join(' AND ')}
      ORDER BY ${rank('c', lowered, prefix)}, similarity(co.name, ${lowered}) DESC, cu.id
      LIMIT ${p.add(options.limit)} OFFSET ${p.add(options.offset)}`,
    p.values,
  );
  return rows.map((row) => row.id);
}
