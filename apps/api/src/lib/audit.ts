import { type Prisma, recordAudit } from '@latchkey/db';
import type { Context } from '../context.js';

export type AuditedContext = Pick<Context, 'ip' | 'clock'> & { client: { id: string; agentId?: string | null } };
export type AuditEvent = { action: string; subjectType: string; subjectId: string | null; details?: Prisma.InputJsonObject };

/**
 * Records an admin change (or a reveal) by the caller: the staff member and
 * the client they signed in on, or the machine client alone. Pass the
 * transaction the change runs in, so the change and its record commit
 * together. Details name what changed, never a password, secret or token value.
 */
export function audit(writer: Prisma.TransactionClient, ctx: AuditedContext, event: AuditEvent): Promise<void> {
  const agentId = ctx.client.agentId ?? null;
  return recordAudit(writer, {
    actorType: agentId ? 'agent' : 'client',
    actorId: agentId ?? ctx.client.id,
    clientId: ctx.client.id,
    ip: ctx.ip,
    at: ctx.clock(),
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    ...(event.details ? { details: event.details } : {}),
  });
}

/** Who made a row, as `createdBy` keeps it: the staff member, else the machine client. */
export const creatorOf = (ctx: AuditedContext): string => ctx.client.agentId ?? ctx.client.id;

/** The names of the fields an update sets, for the audit record (never their values). */
export const changedFields = (input: Record<string, unknown>, except: string[] = ['id']): string[] =>
  Object.keys(input).filter((key) => input[key] !== undefined && !except.includes(key));
