import type { Prisma, PrismaClient } from './generated/prisma/client.js';
import { uuidv7 } from './ids.js';
import type { Sql } from './sql.js';
import { tsParam } from './sql-time.js';

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

const INSERT = `INSERT INTO audit_events (id, at, actor_type, actor_id, action, subject_type, subject_id, client_id, ip, details)
  VALUES ($1::uuid, ${tsParam('$2')}, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`;

/**
 * Appends an audit event: through raw SQL (the auth server, which has no
 * Prisma), or through Prisma, where a transaction client records it with
 * the change it describes.
 */
export async function recordAudit(writer: AuditWriter | Sql, event: AuditInput): Promise<void> {
  if (typeof writer !== 'function') {
    await writer.auditEvent.create({ data: event });
    return;
  }
  const at = event.at ?? new Date();
  await writer(INSERT, [
    uuidv7(at.getTime()),
    at.getTime(),
    event.actorType,
    event.actorId ?? null,
    event.action,
    event.subjectType ?? null,
    event.subjectId ?? null,
    event.clientId ?? null,
    event.ip ?? null,
    event.details === undefined ? null : JSON.stringify(event.details),
  ]);
}
