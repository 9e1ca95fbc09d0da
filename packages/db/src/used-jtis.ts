import type { DbClient } from './client-types.js';

/**
 * Remembers a signed login JWT's `jti` until `expiresAt`. True the first
 * time a (issuer, jti) pair is seen; false for a replay, however many
 * arrive at once (the primary key decides).
 */
export async function rememberJti(prisma: DbClient, issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
  const { count } = await prisma.usedJti.createMany({ data: [{ issuer, jti, expiresAt }], skipDuplicates: true });
  return count === 1;
}
