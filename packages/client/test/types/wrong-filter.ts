// A consumer of @latchkey/client, as a back office is: checked by the
// package's `tsc --noEmit` (its tsconfig includes test/), never run. The
// typecheck fails the day a call marked below as an expected error starts
// to compile, which would mean the client lost the router's types.
import { type AdminClientError, createAdminClient, type RouterOutputs } from '../../src/index.js';

export async function backOffice(url: string, issuer: string) {
  const client = createAdminClient({ url, issuer, clientId: 'back-office', clientSecret: 'secret' });
  const page = await client.loginTokens.list.query({
    customerId: '0193a0c4-0000-7000-8000-000000000001',
    expiresAt: { from: '2026-01-01T00:00:00Z' },
    failedAttempts: { op: 'lt', value: 3 },
    oneTimeUse: false,
    limit: 50,
  });
  // Outputs are typed too: dates arrive as ISO strings (null: no expiry).
  const expiries: (string | null)[] = page.items.map((item) => item.expiresAt);
  const next: string | null = page.nextCursor;

  // @ts-expect-error -- `email` is not a filter of the Login Tokens screen
  await client.loginTokens.list.query({ email: 'sonia@example.com' });
  // @ts-expect-error -- the attempt counters compare with eq|gt|gte|lt|lte, there is no `between`
  await client.loginTokens.list.query({ successfulAttempts: { op: 'between', value: 1 } });
  // @ts-expect-error -- a date range is an object `{ from?, to? }`, not a single date
  await client.loginTokens.list.query({ expiresAt: '2026-01-01T00:00:00Z' });
  // @ts-expect-error -- list is a query: it has no `mutate`
  await client.loginTokens.list.mutate({});
  // @ts-expect-error -- there is no `loginToken` router (it is `loginTokens`)
  await client.loginToken.list.query({});

  try {
    await client.companies.create.mutate({ name: 'ACME' });
  } catch (error) {
    // The error's data is the api's error shape, zod issues included.
    const issues = (error as AdminClientError).data?.zodError?.map((issue) => issue.path.join('.'));
    return { expiries, next, issues };
  }
  return { expiries, next, issues: [] };
}

// @ts-expect-error -- a client needs either getAccessToken or the client credentials, not neither
createAdminClient({ url: 'http://localhost:3001' });

type Listed = RouterOutputs['loginTokens']['list']['items'][number];
// Listed tokens never carry the token value; only `create` answers it.
export const listedWithoutToken: Extract<keyof Listed, 'token'> extends never ? true : false = true;
