import { type AdminClientError, createAdminClient, TRPCClientError } from '@latchkey/client';
import { adminCredentials, apiUrl, issuer } from './demo.js';

const admin = createAdminClient({
  url: apiUrl, // the admin API: LATCHKEY_API_URL, default http://localhost:4001
  issuer, // the auth server: LATCHKEY_ISSUER, default http://localhost:4000
  ...adminCredentials(), // LATCHKEY_ADMIN_CLIENT_ID/SECRET, else the demo's, from .data/demo-admin.json
});

// The first call fetches a client-credentials token; later calls reuse it until
// shortly before it expires, and a 401 gets one new token and one retry.
const customer = await admin.customers.create.mutate({
  email: `ada.${Date.now()}@example.com`,
  password: 'correct horse battery',
  firstName: 'Ada',
  lastName: 'Lovelace',
  emailVerified: true,
});
console.log(`created customer ${customer.id} (${customer.email})`);
const loginToken = await admin.loginTokens.create.mutate({
  clientId: 'storefront',
  customerId: customer.id,
  expiresAt: new Date(Date.now() + 24 * 3600_000),
});
console.log(`login token, shown this once: ${loginToken.token}`);
console.log(`its login link: ${issuer}/login/token/${loginToken.token}`);

const { items, nextCursor } = await admin.loginTokens.list.query({
  customerId: customer.id,
  oneTimeUse: true,
  sort: { field: 'createdAt', direction: 'desc' },
  limit: 20,
});
console.log(`${items.length} login token(s) for ${customer.email}, expiring ${items.map((t) => t.expiresAt).join(', ')}`); // ISO strings
console.log(`next page: ${nextCursor ?? 'none'}`);

try {
  await admin.companies.create.mutate({ name: '' });
} catch (error) {
  if (!(error instanceof TRPCClientError)) throw error;
  const { code, zodError } = (error as AdminClientError).data ?? {};
  const fields = zodError?.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  console.log(`refused as expected: ${code}`, fields); // BAD_REQUEST [ 'name: …' ]
}
