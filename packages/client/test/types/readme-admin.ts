// The README's snippet, verbatim (the package name resolves to this package):
// checked by `tsc --noEmit`, never run.
import { createAdminClient, TRPCClientError } from '@latchkey/client';

const admin = createAdminClient({
  url: 'http://localhost:4001', // the admin API (LATCHKEY_API_PORT)
  issuer: 'http://localhost:4000', // the auth server (LATCHKEY_ISSUER)
  clientId: process.env.LATCHKEY_ADMIN_CLIENT_ID!,
  clientSecret: process.env.LATCHKEY_ADMIN_CLIENT_SECRET!,
});

// The first call fetches a client-credentials token; later calls reuse it until
// shortly before it expires, and a 401 gets one new token and one retry.
const customer = await admin.customers.create.mutate({
  email: 'ada@example.com',
  password: 'correct horse battery',
  firstName: 'Ada',
  lastName: 'Lovelace',
  emailVerified: true,
});
const loginToken = await admin.loginTokens.create.mutate({
  clientId: 'storefront',
  customerId: customer.id,
  expiresAt: new Date(Date.now() + 24 * 3600_000),
});
console.log(`login token, shown this once: ${loginToken.token}`);

const { items, nextCursor } = await admin.loginTokens.list.query({
  customerId: customer.id,
  failedAttempts: { op: 'gte', value: 1 },
  sort: { field: 'createdAt', direction: 'desc' },
  limit: 20,
});
const expiries = items.map((token) => token.expiresAt); // dates arrive as ISO strings
console.log(expiries, nextCursor);

try {
  await admin.companies.create.mutate({ name: '' });
} catch (error) {
  if (!(error instanceof TRPCClientError)) throw error;
  console.log(error.data?.code, error.data?.zodError); // 'BAD_REQUEST' [{ path: ['name'], … }]
}
