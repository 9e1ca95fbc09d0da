import { hashToken, type PrismaClient } from '@latchkey/db';
import type { Chain } from './refresh-chains.js';
import { newest } from './refresh-chains.js';

/**
 * Where a chain's newest token stood when the server died:
 * - untouched: not yet presented, or presented and cut off before anything was written;
 * - successor stored: the derived successor was written, the token not yet consumed;
 * - consumed, undelivered: consumed and its successor stored, the answer never arrived.
 */
export type KillState = 'untouched' | 'successor stored' | 'consumed, undelivered';

export type ChainInspection = { state: KillState | null; unconsumed: string[]; problems: string[] };

type Row = { id: string; grantId: string | null; consumedAt: Date | null; payload: unknown };

const rotationsOf = (row: Row | undefined): number | null => {
  const value = (row?.payload as { rotations?: unknown } | null)?.rotations;
  return typeof value === 'number' ? value : null;
};

/**
 * Checks what the database holds for each chain against what the load
 * generator received: every token but the newest was consumed by the
 * rotation whose 200 delivered the next one (same grant, one more
 * rotation), the grant is alive, and at most one successor waits beyond the
 * newest token (no fork).
 */
export async function inspectChains(prisma: PrismaClient, chains: Chain[]): Promise<Map<number, ChainInspection>> {
  const grantIds = chains.map((c) => c.grantId);
  const rows = (await prisma.oidcPayload.findMany({
    where: { kind: 'RefreshToken', grantId: { in: grantIds } },
    select: { id: true, grantId: true, consumedAt: true, payload: true },
  })) as Row[];
  const grants = new Set(
    (await prisma.oidcPayload.findMany({ where: { kind: 'Grant', id: { in: grantIds } }, select: { id: true } })).map((g) => g.id),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  const result = new Map<number, ChainInspection>();

  for (const chain of chains) {
    const problems: string[] = [];
    if (!grants.has(chain.grantId)) problems.push('grant revoked');
    const ids = chain.delivered.map((token) => hashToken(token));
    for (const [i, id] of ids.entries()) {
      const row = byId.get(id);
      if (!row) {
        problems.push(`delivered token #${i} is not stored`);
        continue;
      }
      if (row.grantId !== chain.grantId) problems.push(`delivered token #${i} belongs to another grant`);
      if (i < ids.length - 1) {
        if (!row.consumedAt) problems.push(`token #${i} was rotated by a 200 but is not consumed`);
        const next = rotationsOf(byId.get(ids[i + 1]!));
        if (next !== null && rotationsOf(row) !== null && next !== rotationsOf(row)! + 1)
          problems.push(`token #${i + 1} is not the rotation of #${i}`);
      }
    }
    const last = byId.get(hashToken(newest(chain)));
    const delivered = new Set(ids);
    const unconsumed = rows.filter((r) => r.grantId === chain.grantId && r.consumedAt === null).map((r) => r.id);
    const extra = unconsumed.filter((id) => !delivered.has(id));
    let state: KillState | null = null;
    if (last && !last.consumedAt && extra.length === 0) state = 'untouched';
    else if (last && !last.consumedAt && extra.length === 1) state = 'successor stored';
    else if (last?.consumedAt && extra.length === 1 && unconsumed.length === 1) state = 'consumed, undelivered';
    else
      problems.push(
        `fork or loss: newest ${last?.consumedAt ? 'consumed' : 'unconsumed'}, unconsumed rows ${unconsumed.length}, undelivered ones ${extra.length}`,
      );
    result.set(chain.index, { state, unconsumed, problems });
  }
  return result;
}

/** Grants with more than one unconsumed refresh token: a forked family. */
export async function forkedGrants(prisma: PrismaClient): Promise<string[]> {
  const groups = await prisma.oidcPayload.groupBy({
    by: ['grantId'],
    where: { kind: 'RefreshToken', consumedAt: null },
    _count: { _all: true },
  });
  return groups.filter((g) => g._count._all > 1).map((g) => String(g.grantId));
}
