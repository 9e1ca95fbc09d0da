import type { Prisma } from '@latchkey/db';
import { invalidInput } from '../errors.js';

/**
 * The client a token is for: the one named, else the client marked as the
 * login-token default (the back office's dialog has no client field).
 */
export async function loginTokenClient(tx: Prisma.TransactionClient, named: string | undefined): Promise<string> {
  if (named) return named;
  const fallback = await tx.oAuthClient.findFirst({ where: { loginTokenDefault: true, status: 'active' }, select: { id: true } });
  if (fallback) return fallback.id;
  throw invalidInput([
    {
      code: 'custom',
      path: ['clientId'],
      message: 'no default client for login tokens is set: name a clientId or mark a client loginTokenDefault',
    },
  ]);
}
