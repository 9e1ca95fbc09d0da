import { DEMO_CLIENTS } from './demo-seed.js';
import type { WorkingLogins } from './working-logins.js';

/** What `npm start` prints: where Latchkey listens and the logins that work (checked, not assumed). */
export function banner(input: {
  database: string;
  authUrl: string;
  apiUrl: string;
  consoleUrl: string | null;
  logins: WorkingLogins;
  embedded: boolean;
}): string {
  const { logins } = input;
  const lines = [
    '',
    `Latchkey is running on ${input.database}`,
    '',
    `  auth server  ${input.authUrl}   (discovery: ${input.authUrl}/.well-known/openid-configuration)`,
    `  admin API    ${input.apiUrl}/trpc   (health: ${input.apiUrl}/healthz)`,
  ];
  if (input.consoleUrl) lines.push(`  console      ${input.consoleUrl}   (the back office)`);
  if (logins.customer) {
    lines.push(
      '',
      'Log in as the demo customer (storefront SPA, password grant):',
      '',
      `  curl -s ${input.authUrl}/token -d grant_type=password -d client_id=${DEMO_CLIENTS.storefront} \\`,
      `       -d username=${logins.customer.email} -d password=${logins.customer.password}`,
      '',
      "The same login through the vendors' front doors (Spryker Glue, BigCommerce B2B):",
      '',
      `  curl -s ${input.authUrl}/glue/${DEMO_CLIENTS.storefront}/access-tokens -H 'Content-Type: application/vnd.api+json' \\`,
      `       -d '${JSON.stringify({ data: { type: 'access-tokens', attributes: { username: logins.customer.email, password: logins.customer.password } } })}'`,
    );
    const store = logins.bigCommerce;
    if (store) {
      const body = {
        storeHash: store.storeHash,
        channelId: store.channelId,
        name: 'demo storefront token',
        email: logins.customer.email,
        password: logins.customer.password,
      };
      lines.push(
        `  curl -s ${input.authUrl}/api/io/auth/customers -H 'Content-Type: application/json' \\`,
        `       -d '${JSON.stringify(body)}'`,
      );
    }
  }
  if (logins.agent)
    lines.push('', `Agent console: client_id=${DEMO_CLIENTS.agentConsole}, ${logins.agent.email} / ${logins.agent.password}`);
  const staff = [logins.editor && ['editor', logins.editor], logins.viewer && ['viewer', logins.viewer]].filter(Boolean) as [
    string,
    { email: string; password: string },
  ][];
  if (staff.length > 0) {
    lines.push('', `Back office staff (client_id=${DEMO_CLIENTS.backOffice}, sign-in page or password grant):`);
    for (const [role, login] of staff) lines.push(`  ${role.padEnd(7)} ${login.email} / ${login.password}`);
  }
  if (logins.admin) {
    lines.push('', `Admin API client credentials: client_id=${logins.admin.clientId}, secret in ${logins.admin.secretIn}`);
  }
  if (input.embedded) lines.push('', 'The embedded database is for trying and developing; run production on PostgreSQL (DATABASE_URL).');
  lines.push('Ctrl+C stops.', '');
  return lines.join('\n');
}
