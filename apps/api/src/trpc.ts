import { ADMIN_READ, ADMIN_WRITE } from '@latchkey/core';
import { initTRPC } from '@trpc/server';
import type { Context } from './context.js';
import { domainError, formatError, trpcError } from './errors.js';

const t = initTRPC.context<Context>().create({ isDev: false, errorFormatter: formatError });

// Procedures let data-layer errors fly; this one place turns them into the
// right tRPC code, so no router has to catch a unique or foreign key clash.
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const mapped = domainError(result.error.cause);
    if (mapped) throw mapped;
  }
  return result;
});

const READ_SCOPE = ADMIN_READ;
const WRITE_SCOPE = ADMIN_WRITE;

/**
 * Runs before input parsing (it is added before `.input()`), so a caller
 * without the right token learns nothing about the procedure's input.
 */
const requireScope = t.middleware(({ ctx, type, next }) => {
  if (!ctx.identity) throw trpcError('access_token_invalid', 'a bearer access token is required');
  const needed = type === 'query' ? READ_SCOPE : WRITE_SCOPE;
  if (!ctx.identity.scopes.includes(needed)) throw trpcError('scope_required', `scope ${needed} is required`);
  return next({ ctx: { client: { id: ctx.identity.clientId, scopes: ctx.identity.scopes, agentId: ctx.identity.agentId ?? null } } });
});

/** True if a string, or any string or key inside arrays and objects, holds U+0000. */
const holdsNul = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  const entries = Array.isArray(value) ? value : Object.entries(value).flat();
  return entries.some((item) => holdsNul(item, depth + 1));
};

/**
 * PostgreSQL stores no U+0000 in text or jsonb, so an input holding one
 * could only fail in the database (a 500): it is refused at the edge,
 * for every procedure and every field at once.
 */
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  if (holdsNul(await getRawInput())) throw trpcError('input_contains_nul', 'input must not contain NUL (U+0000) characters');
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const procedure = t.procedure.use(mapDomainErrors);
export const adminProcedure = procedure.use(requireScope).use(refuseNul);
