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

/** How deep an input may nest arrays and objects; no field of any procedure needs more. */
export const MAX_INPUT_DEPTH = 32;

/**
 * What rules an input out before any schema sees it, found in one walk
 * without recursion (so no depth can overflow the stack): nesting past
 * MAX_INPUT_DEPTH, or U+0000 in any string or key at any depth.
 */
function inputProblem(input: unknown): 'deep' | 'nul' | null {
  const stack: [unknown, number][] = [[input, 0]];
  let found: 'nul' | null = null;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) found = 'nul';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return 'deep';
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found = 'nul';
      stack.push([item, depth + 1]);
    }
  }
  return found;
}

/**
 * PostgreSQL stores no U+0000 in text or jsonb, so an input holding one
 * could only fail in the database (a 500); and zod's JSON schema recurses,
 * so an input nested thousands deep overflowed the stack ("Maximum call
 * stack size exceeded"). Both are refused at the edge, for every procedure
 * and every field at once, with a message that says which.
 */
const refuseUnstorable = t.middleware(async ({ getRawInput, next }) => {
  const problem = inputProblem(await getRawInput());
  if (problem === 'deep')
    throw trpcError('input_too_deep', `input must not nest more than ${MAX_INPUT_DEPTH} levels of arrays and objects`);
  if (problem === 'nul') throw trpcError('input_contains_nul', 'input must not contain NUL (U+0000) characters');
  return next();
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const procedure = t.procedure.use(mapDomainErrors);
export const adminProcedure = procedure.use(requireScope).use(refuseUnstorable);
