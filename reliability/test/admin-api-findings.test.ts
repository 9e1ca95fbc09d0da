// Inputs the admin API fuzz found answered with 500 (fixed in apps/api by
// a236f61), kept as fixed cases whatever seed the fuzz draws. PostgreSQL
// (and PGlite, which is PostgreSQL) refuses U+0000 in text and jsonb; a
// string that passed its zod schema with a NUL in it failed in the database.
import { describe, expect, it } from 'vitest';
import { useAdminFuzzWorld } from './admin-setup.js';

const t = useAdminFuzzWorld();

async function call(path: string, type: 'query' | 'mutation', input: unknown) {
  const headers = { authorization: `Bearer ${t.world.tokens.admin}`, 'content-type': 'application/json' };
  const response =
    type === 'query'
      ? await fetch(`${t.api.url}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers })
      : await fetch(`${t.api.url}/trpc/${path}`, { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await response.json()) as { error?: { data?: { code?: string } } };
  return { status: response.status, code: body.error?.data?.code ?? 'OK' };
}

describe('admin API findings: a NUL in a string input', () => {
  const cases: [string, 'query' | 'mutation', () => unknown][] = [
    ['companies.create', 'mutation', () => ({ name: 'ACME\u0000' })],
    ['customers.list', 'query', () => ({ search: 'a\u0000' })],
    ['grants.revoke', 'mutation', () => ({ grantId: 'g\u0000' })],
    ['audit.list', 'query', () => ({ action: 'customer.create\u0000' })],
    ['loginTokens.create', 'mutation', () => ({ clientId: 'storefront', extra: { note: 'a\u0000b' } })],
  ];
  it.each(cases)('%s is a 400 BAD_REQUEST, not a 500', async (path, type, input) => {
    expect(await call(path, type, input())).toEqual({ status: 400, code: 'BAD_REQUEST' });
  });

  it('control: the same calls without the NUL are not 500s', async () => {
    const results = await Promise.all(
      cases.map(
        async ([path, type, input]) =>
          [path, (await call(path, type, JSON.parse(JSON.stringify(input()).replaceAll('\\u0000', '')))).status] as const,
      ),
    );
    expect(results.filter(([, status]) => status >= 500)).toEqual([]);
  });
});
