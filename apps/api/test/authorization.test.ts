import type { AnyProcedure } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, type Identity } from '../src/index.js';
import { createHarness, failure, type Harness, latchkeyCode } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

// Every procedure of the router, read from the router itself: a procedure
// added tomorrow is checked without anyone editing this file.
// At runtime `procedures` is flat, keyed by dotted path; its declared type is the nested record.
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
}));

/** Calls a procedure by its dotted path, with no input: authorization comes before input parsing. */
function call(identity: Identity | null, path: string): Promise<unknown> {
  const target = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], h.as(identity));
  return (target as (input?: unknown) => Promise<unknown>)(undefined);
}

const reader: Identity = { clientId: 'viewer', scopes: ['admin:read', 'openid'] };
const writer: Identity = { clientId: 'writer', scopes: ['admin:write'] };
const stranger: Identity = { clientId: 'storefront', scopes: ['openid', 'admin'] };

describe('authorization of every procedure', () => {
  it('finds the procedures of every router', () => {
    const routers = new Set(procedures.map((p) => p.path.split('.')[0]));
    expect([...routers].sort()).toEqual([
      'agents',
      'audit',
      'clients',
      'companies',
      'companyRoles',
      'companyUsers',
      'customers',
      'grants',
      'keys',
      'loginTokens',
      'storefrontTokens',
    ]);
    expect(procedures.length).toBeGreaterThanOrEqual(44);
    expect(procedures.every((p) => p.type === 'query' || p.type === 'mutation')).toBe(true);
  });

  it.each(procedures)('$path ($type) refuses a caller without identity: UNAUTHORIZED', async ({ path }) => {
    const error = await failure(call(null, path));
    expect([error.code, latchkeyCode(error)]).toEqual(['UNAUTHORIZED', 'access_token_invalid']);
  });

  it.each(procedures)('$path ($type) refuses a token with neither admin scope: FORBIDDEN', async ({ path }) => {
    const error = await failure(call(stranger, path));
    expect([error.code, latchkeyCode(error)]).toEqual(['FORBIDDEN', 'scope_required']);
  });

  it.each(procedures.filter((p) => p.type === 'mutation'))('$path refuses a read-only token: FORBIDDEN', async ({ path }) => {
    const error = await failure(call(reader, path));
    expect([error.code, latchkeyCode(error)]).toEqual(['FORBIDDEN', 'scope_required']);
    expect(error.message).toBe('scope admin:write is required');
  });

  it.each(procedures.filter((p) => p.type === 'query'))('$path refuses a write-only token: FORBIDDEN', async ({ path }) => {
    const error = await failure(call(writer, path));
    expect([error.code, latchkeyCode(error)]).toEqual(['FORBIDDEN', 'scope_required']);
    expect(error.message).toBe('scope admin:read is required');
  });

  // The control: with the right scope the same call gets past authorization
  // (to a result, or to input validation), so the refusals above are real.
  it.each(procedures)('$path ($type) lets the scope it needs through', async ({ path, type }) => {
    const identity = type === 'query' ? reader : writer;
    const outcome = await call(identity, path).then(
      () => 'ok',
      (error: { code?: string }) => error.code,
    );
    expect(['ok', 'BAD_REQUEST']).toContain(outcome);
  });
});
