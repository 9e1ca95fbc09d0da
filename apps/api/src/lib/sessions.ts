import type { Prisma } from '@latchkey/db';

/**
 * Logs an account out everywhere: every oidc-provider grant, refresh token,
 * access token and session stored for it. Grant rows carry the account id
 * too, so one delete covers them.
 */
export async function revokeAccountSessions(tx: Prisma.TransactionClient, accountId: string): Promise<number> {
  const { count } = await tx.oidcPayload.deleteMany({ where: { accountId } });
  return count;
}
