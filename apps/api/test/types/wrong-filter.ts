// A consumer of the router's type, as packages/client and the back office
// are. Checked by `tsc --noEmit` (the package's typecheck includes test/),
// never run: each @ts-expect-error below fails the typecheck the day that
// call starts to compile.
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AdminRouter, RouterOutputs } from '../../src/index.js';

export function backOffice(url: string) {
  const client = createTRPCClient<AdminRouter>({ links: [httpBatchLink({ url })] });
  return [
    client.loginTokens.list.query({
      ids: ['0193a0c4-0000-7000-8000-000000000000'],
      customerId: '0193a0c4-0000-7000-8000-000000000001',
      expiresAt: { from: '2026-01-01T00:00:00Z', to: new Date() },
      successfulAttempts: { op: 'gte', value: 1 },
      oneTimeUse: true,
      sort: { field: 'lastAccessedAt', direction: 'asc' },
      limit: 20,
    }),
    // @ts-expect-error -- `name` is a column of the screen, not one of its filters
    client.loginTokens.list.query({ name: 'Carla' }),
    // @ts-expect-error -- the attempt counters compare with eq|gt|gte|lt|lte, there is no `ne`
    client.loginTokens.list.query({ failedAttempts: { op: 'ne', value: 1 } }),
    // @ts-expect-error -- "One time use" is a boolean radio, not a string
    client.loginTokens.list.query({ oneTimeUse: 'yes' }),
    // @ts-expect-error -- date ranges take `from`/`to`, not `after`
    client.loginTokens.list.query({ createdAt: { after: '2026-01-01T00:00:00Z' } }),
    // @ts-expect-error -- token values are never listed, so there is nothing to sort by
    client.loginTokens.list.query({ sort: { field: 'token', direction: 'asc' } }),
  ];
}

type Item = RouterOutputs['loginTokens']['list']['items'][number];
// Listed tokens carry neither the value nor its hash; only `create` answers the value.
export const listedWithoutToken: Extract<keyof Item, 'token' | 'tokenHash'> extends never ? true : false = true;
export const createdWithToken: RouterOutputs['loginTokens']['create']['token'] = 'lkl_example';
// Dates travel as ISO strings, and the type says so.
export const expiresAt: Item['expiresAt'] = '2026-01-01T00:00:00.000Z';
// A client's secret is answered by create and rotateSecret only.
export const clientWithoutSecret: Extract<
  keyof RouterOutputs['clients']['get'],
  'clientSecret' | 'secretHash' | 'loginLinkSecret'
> extends never
  ? true
  : false = true;
