import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_DEPTH } from '../src/trpc.js';
import { createHarness, failure, type Harness, latchkeyCode } from './setup.js';

// Inputs that reached a 500 (issue 10, item 7): each is refused at the edge
// with BAD_REQUEST and a code that says why.
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.dispose());

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value };
  return value;
};
const refusedWith = async (call: Promise<unknown>, code: string) => {
  const error = await failure(call);
  expect([error.code, latchkeyCode(error)]).toEqual(['BAD_REQUEST', code]);
  return error;
};
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '01900000-0000-7000-8000-000000000000';

describe('deep inputs', () => {
  it('refuses nesting past the limit before any schema, with a clear message, however deep', async () => {
    for (const depth of [MAX_INPUT_DEPTH + 1, 3000, 100_000]) {
      const input = { clientId: 'storefront', extra: nested(depth, 'x') } as never;
      const error = await refusedWith(h.admin.loginTokens.create(input), 'input_too_deep');
      expect(error.message).toBe(`input must not nest more than ${MAX_INPUT_DEPTH} levels of arrays and objects`);
    }
  });

  it('finds a NUL at any depth it accepts, in values and in keys', async () => {
    const deepest = MAX_INPUT_DEPTH - 2;
    for (const extra of [nested(deepest, 'a\u0000b'), nested(deepest, { 'k\u0000': 1 })]) {
      await refusedWith(h.admin.loginTokens.create({ clientId: 'storefront', extra } as never), 'input_contains_nul');
    }
  });
});

describe('cursors', () => {
  it('refuses a cursor whose value does not fit its sort field', async () => {
    const byCreated = { field: 'createdAt', direction: 'desc' } as const;
    const byEmail = { field: 'email', direction: 'asc' } as const;
    for (const [sort, value] of [
      [byCreated, { s: 'createdAt:desc', v: ['s', 'yesterday'], id: UUID }],
      [byCreated, { s: 'createdAt:desc', v: ['n', 5], id: UUID }],
      [byCreated, { s: 'createdAt:desc', v: null, id: UUID }],
      [byCreated, { s: 'createdAt:desc', v: ['d', '0000-01-01T00:00:00Z'], id: UUID }],
      [byCreated, { s: 'createdAt:desc', v: ['d', '2026-01-01T00:00:00Z'], id: 'not-a-uuid' }],
      [byEmail, { s: 'email:asc', v: ['n', 1], id: UUID }],
      [byEmail, { s: 'email:asc', v: ['s', 'a\u0000'], id: UUID }],
    ] as const) {
      await refusedWith(h.admin.customers.list({ sort, cursor: cursor(value) }), 'cursor_invalid');
    }
    const byFailures = { field: 'failedAttempts', direction: 'desc' } as const;
    await refusedWith(
      h.admin.loginTokens.list({ sort: byFailures, cursor: cursor({ s: 'failedAttempts:desc', v: ['n', 2 ** 40], id: UUID }) }),
      'cursor_invalid',
    );
    // A well-formed cursor of the right kind still pages.
    const ok = await h.admin.customers.list({
      sort: byCreated,
      cursor: cursor({ s: 'createdAt:desc', v: ['d', '2026-01-01T00:00:00.000Z'], id: UUID }),
    });
    expect(ok.items).toEqual([]);
    expect(
      (await h.admin.clients.list({ cursor: cursor({ s: 'createdAt:desc', v: ['d', '2026-01-01T00:00:00.000Z'], id: 'shop' }) })).items,
    ).toEqual([]);
  });
});
