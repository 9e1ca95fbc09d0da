import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoginTokenListQuery, loginTokenListStatement } from '../src/index.js';
import { createTestDb, type TestDb } from '../src/testing.js';

// A broad search's arms must stay per-row checks of the walk in the page's order. As a
// semi-join, the planner (which estimates a trigram match at a fraction of a percent) drove the
// page from the matching people and sorted every token of theirs: 490 ms for a page at 20,000
// customers and 1M tokens. Plans do not depend on the rows here, only on the statement's shape,
// so this reads the plan of an empty table.
type PlanNode = { Alias?: string; 'Relation Name'?: string; 'Parent Relationship'?: string; Plans?: PlanNode[] };

const relationsOf = (node: PlanNode): string[] => [
  ...(node['Relation Name'] ? [node['Relation Name']] : []),
  ...(node.Plans ?? []).flatMap(relationsOf),
];

/** For each scan of `alias`: whether it runs under a SubPlan (once per row of its parent) rather than in a join. */
function scansOf(node: PlanNode, alias: string, inSubPlan = false): boolean[] {
  const under = inSubPlan || node['Parent Relationship'] === 'SubPlan';
  return [...(node.Alias === alias ? [under] : []), ...(node.Plans ?? []).flatMap((child) => scansOf(child, alias, under))];
}

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dispose());

async function planOf(q: LoginTokenListQuery): Promise<PlanNode> {
  const { text, values } = loginTokenListStatement(q);
  const [row] = await db.sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, values);
  if (!row) throw new Error('no plan');
  return row['QUERY PLAN'][0].Plan;
}

// Broad on one side and nothing on the other (an arm with no ids is left out, so the broad arm's EXISTS
// stands alone in the WHERE, where PostgreSQL may pull it up), and broad on both (an OR of the two).
const TARGETS = {
  'people broad, no company': { arms: ['sc'], targets: { customerIds: null, companyIds: [] } },
  'companies broad, no person': { arms: ['scu', 'sco'], targets: { customerIds: [], companyIds: null } },
  'both broad': { arms: ['sc', 'scu', 'sco'], targets: { customerIds: null, companyIds: null } },
};
const FILTERS = [{}, { failedAttempts: { op: 'gte' as const, value: 1 } }, { oneTimeUse: true, revoked: false }];

describe('loginTokens.list: the plan of a broad search', () => {
  for (const [name, { arms, targets }] of Object.entries(TARGETS))
    for (const filters of FILTERS)
      it(`checks the matches per token of the walk (${name}, filters ${JSON.stringify(filters)})`, async () => {
        const plan = await planOf({
          filters: { ...filters, search: { term: 'bench customer', targets } },
          sort: { field: 'createdAt', direction: 'desc' },
          take: 51,
        });
        for (const alias of arms) {
          const scans = scansOf(plan, alias);
          expect(scans.length, alias).toBeGreaterThan(0);
          expect(scans, alias).toEqual(scans.map(() => true));
        }
      });

  // An anonymous token has nobody to match: the search with that filter answers nothing without reading a token.
  for (const field of ['createdAt', 'expiresAt'] as const)
    it(`reads no token for a search among anonymous tokens (by ${field})`, async () => {
      const plan = await planOf({
        filters: { subjectType: 'anonymous', search: { term: 'bench', targets: TARGETS['both broad'].targets } },
        sort: { field, direction: 'desc' },
        take: 51,
      });
      expect(relationsOf(plan)).not.toContain('login_tokens');
    });
});
