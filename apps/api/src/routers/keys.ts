import { listSigningKeys, rotateSigningKeyIn } from '@latchkey/db';
import { audit } from '../lib/audit.js';
import { iso, isoOrNull } from '../lib/dates.js';
import { fromDbJson, type JsonValue } from '../lib/json.js';
import { adminProcedure, router } from '../trpc.js';

/** A signing key's public half and lifecycle; the private half never leaves the database. */
export type SigningKeyDto = {
  kid: string;
  alg: string;
  state: 'active' | 'retired' | 'pending';
  publicJwk: JsonValue;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
};

export const keysRouter = router({
  list: adminProcedure.query(async ({ ctx }): Promise<SigningKeyDto[]> => {
    const rows = await listSigningKeys(ctx.db.prisma);
    const now = ctx.clock();
    // A rotated key is published before it signs (activatedAt in the future) and retired when its successor starts.
    const state = (row: (typeof rows)[number]): SigningKeyDto['state'] =>
      row.retiredAt && row.retiredAt <= now ? 'retired' : row.activatedAt && row.activatedAt <= now ? 'active' : 'pending';
    const rank = { active: 0, pending: 1, retired: 2 } as const;
    const time = (date: Date | null) => date?.getTime() ?? 0;
    // The key that signs comes first, then the newest; creation times alone can tie.
    const ordered = [...rows].sort(
      (a, b) => rank[state(a)] - rank[state(b)] || time(b.activatedAt) - time(a.activatedAt) || time(b.createdAt) - time(a.createdAt),
    );
    return ordered.map((row) => ({
      kid: row.kid,
      alg: row.alg,
      state: state(row),
      publicJwk: fromDbJson(row.publicJwk),
      createdAt: iso(row.createdAt),
      activatedAt: isoOrNull(row.activatedAt),
      retiredAt: isoOrNull(row.retiredAt),
    }));
  }),

  /**
   * A new key is published now and signs after the publication delay (so
   * every verifier can fetch it first); the old one stays published until
   * the tokens it signed expire. The audit record commits with the rotation.
   */
  rotate: adminProcedure.mutation(
    ({ ctx }): Promise<{ kid: string; retired: string[]; activatesAt: string }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const result = await rotateSigningKeyIn(tx, ctx.secretBox, ctx.clock());
        await audit(tx, ctx, {
          action: 'key.rotate',
          subjectType: 'signing_key',
          subjectId: result.kid,
          details: { retired: result.retired, activatesAt: iso(result.activatesAt) },
        });
        return { kid: result.kid, retired: result.retired, activatesAt: iso(result.activatesAt) };
      }),
  ),
});
