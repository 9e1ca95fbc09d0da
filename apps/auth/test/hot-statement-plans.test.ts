import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { createLoginToken, type Db, type Sql } from '@latchkey/db';
import { createTestDb, type TestDb } from '@latchkey/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, createCompanyUser, createCustomer, postForm, type RunningAuth, startAuthServer } from '../src/testing.js';
import { isPostgres } from './setup.js';

// Every statement the token endpoint's hot paths run (password, refresh,
// company switch, login-token redemption), captured as the auth server runs
// them, then planned by PostgreSQL against tables with no statistics yet
// (a freshly migrated database, autovacuum not come by) that hold tens of
// thousands of rows of two clients. Each read or write of oidc_payloads and
// login_tokens must find its rows through a unique index (the primary key,
// the token hash), in the custom plan and in the generic plan a named
// statement gets after five runs: no sequential scan, no bitmap AND, no
// walk of a non-unique index with the key as a filter. The class of bug it
// guards: the rotation once compared the indexed client_id column, and the
// planner walked the (client_id, kind) index, reading every token of the
// client (30 ms a refresh in the bench).

type Captured = { text: string; values: readonly unknown[] };
const GROWN = 20_000;
const WATCHED = new Set(['oidc_payloads', 'login_tokens']);
const KEYED = new Set(['Index Scan', 'Index Only Scan']);
const MODIFYING = new Set(['Insert', 'Update', 'Delete', 'ModifyTable']);

let db: TestDb;
let auth: RunningAuth;
const captured: Captured[] = [];
const ids = { sonia: '', other: '' };

function capturing(sql: Sql): Sql {
  return (text, values = []) => {
    captured.push({ text, values });
    return sql(text, values);
  };
}

beforeAll(async () => {
  db = await createTestDb();
  if (!db.url) return;
  await createClient(db, { grantTypes: ['password', 'refresh_token', TOKEN_EXCHANGE_GRANT], scopes: ['storefront'] });
  const sonia = await createCustomer(db);
  ids.sonia = sonia.id;
  await createCompanyUser(db, sonia.id);
  ids.other = (await createCompanyUser(db, sonia.id, { isDefault: false, companyName: 'Other' })).companyUser.id;
  // No statistics: ANALYZE never runs here, and autovacuum is kept away.
  for (const table of WATCHED) await db.sql(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  const grow = async (clientId: string) => {
    await db.sql(
      `INSERT INTO oidc_payloads (id, kind, payload, client_id, grant_id, account_id, expires_at)
       SELECT $2 || n, 'RefreshToken', '{}'::jsonb, $2, 'grant-' || $2 || n, $1, now() + interval '1 day'
         FROM generate_series(1, ${GROWN}) n`,
      [ids.sonia, clientId],
    );
    await db.sql(
      `INSERT INTO login_tokens (id, token_hash, client_id, customer_id, expires_at, updated_at)
       SELECT gen_random_uuid(), $2 || n, $2, $1::uuid, now() + interval '1 day', now()
         FROM generate_series(1, ${GROWN}) n`,
      [ids.sonia, clientId],
    );
  };
  await createClient(db, { id: 'elsewhere' });
  await grow('elsewhere');
  await grow('storefront');
  const watched: Db = {
    ...db,
    sql: capturing(db.sql),
    transaction: (work) => db.transaction((sql) => work(capturing(sql))),
  };
  auth = await startAuthServer(watched, { clientCacheMs: 0 });
});

afterAll(async () => {
  await auth?.close();
  await db?.dispose();
});

const token = (form: Record<string, string>) => postForm(`${auth.url}/token`, { client_id: 'storefront', ...form });

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };
type Unique = Set<string>;

function* nodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodes(child);
}

/** What the plan does to the watched tables other than an index scan of a unique index. */
function unkeyedAccess(plan: PlanNode, unique: Unique): string[] {
  const out: string[] = [];
  for (const node of nodes(plan)) {
    const type = node['Node Type'];
    if (type === 'BitmapAnd') out.push('BitmapAnd');
    const relation = node['Relation Name'];
    if (!relation || !WATCHED.has(relation) || MODIFYING.has(type)) continue;
    if (!KEYED.has(type)) out.push(`${type} on ${relation}`);
    else if (!unique.has(node['Index Name'] ?? '')) out.push(`${type} using ${node['Index Name']} (not unique) on ${relation}`);
  }
  return out;
}

const planned = (text: string) => /^\s*(WITH|SELECT|UPDATE|DELETE|INSERT)\b/i.test(text);
const touchesWatched = (text: string) => [...WATCHED].some((table) => text.includes(table));

describe.runIf(isPostgres())('the hot statements on tables with stale statistics (PostgreSQL)', () => {
  it('find their rows by key, custom and generic plans alike', async () => {
    const login = await token({ grant_type: 'password', username: 'sonia@example.com', password: 'change123' });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(login.body.refresh_token) });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    const switched = await token({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: String(refreshed.body.access_token),
      subject_token_type: TokenType.accessToken,
      company_user_id: ids.other,
    });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    const { token: loginToken } = await createLoginToken(db.prisma, {
      clientId: 'storefront',
      customerId: ids.sonia,
      expiresAt: new Date(Date.now() + 3_600_000),
      oneTimeUse: true,
    });
    const redeemed = await token({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: loginToken, subject_token_type: TokenType.loginToken });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);

    const statements = new Map<string, readonly unknown[]>();
    for (const { text, values } of captured)
      if (planned(text) && touchesWatched(text) && !statements.has(text)) statements.set(text, values);
    // The paths above read and write both tables through several statements; fewer would mean the capture missed them.
    expect(statements.size).toBeGreaterThanOrEqual(4);

    // One connection for the prepared statements and the plan cache mode.
    const findings = await db.transaction(async (sql) => {
      const unique: Unique = new Set(
        (
          await sql<{ indexname: string }>(
            `SELECT indexname FROM pg_indexes WHERE tablename = ANY($1::text[]) AND indexdef LIKE 'CREATE UNIQUE INDEX %'`,
            [[...WATCHED]],
          )
        ).map((row) => row.indexname),
      );
      const found: string[] = [];
      let n = 0;
      for (const [text, values] of statements) {
        const name = `lk_plan_${n++}`;
        await sql(`PREPARE ${name} AS ${text}`);
        const args = values.map((value) => (value === null ? 'NULL' : `'${toText(value).replace(/'/g, "''")}'`));
        for (const mode of ['force_custom_plan', 'force_generic_plan']) {
          await sql(`SET LOCAL plan_cache_mode = ${mode}`);
          const [row] = await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
            `EXPLAIN (FORMAT JSON) EXECUTE ${name}${args.length ? `(${args.join(', ')})` : ''}`,
          );
          for (const finding of unkeyedAccess(row!['QUERY PLAN'][0]!.Plan, unique))
            found.push(`${mode}: ${finding} in\n${text.slice(0, 300)}`);
        }
        await sql(`DEALLOCATE ${name}`);
      }
      return found;
    });
    expect(findings).toEqual([]);
  });
});

/** A bound value as PostgreSQL's text input would read it (what pg sends for it). */
function toText(value: unknown): string {
  if (Array.isArray(value)) return `{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
