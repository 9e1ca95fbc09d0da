import type { Prisma, PrismaClient } from './generated/prisma/client.js';

export type AuditInput = {
  actorType: 'client' | 'agent' | 'customer' | 'system';
  actorId?: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  clientId?: string | null;
  ip?: string | null;
  details?: Prisma.InputJsonValue;
  at?: Date;
};

type AuditWriter = Pick<PrismaClient, 'auditEvent'> | Prisma.TransactionClient;

/** Appends an audit event; pass a transaction client to record it with the change it describes. */
export async function recordAudit(prisma: AuditWriter, event: AuditInput): Promise<void> {
  await prisma.auditEvent.create({ data: event });
}
