import { existsSync } from 'node:fs';
import { DEMO_AGENT, DEMO_CUSTOMER } from './demo-seed.js';

/** What `npm start` prints: where Latchkey listens and a login that works. */
export function banner(input: {
  database: string;
  authUrl: string;
  apiUrl: string;
  adminCredentialsFile: string | null;
  demo: boolean;
}): string {
  const lines = [
    '',
    `Latchkey is running on ${input.database}`,
    '',
    `  auth server  ${input.authUrl}   (discovery: ${input.authUrl}/.well-known/openid-configuration)`,
    `  admin API    ${input.apiUrl}/trpc   (health: ${input.apiUrl}/healthz)`,
  ];
  if (input.demo) {
    lines.push(
      '',
      'Log in as the demo customer (storefront SPA, password grant):',
      '',
      `  curl -s ${input.authUrl}/token -d grant_type=password -d client_id=storefront \\`,
      `       -d username=${DEMO_CUSTOMER.email} -d password=${DEMO_CUSTOMER.password}`,
      '',
      `Agent console: client_id=agent-console, ${DEMO_AGENT.email} / ${DEMO_AGENT.password}`,
    );
    if (input.adminCredentialsFile && existsSync(input.adminCredentialsFile)) {
      lines.push(`Admin API client credentials (client_credentials grant): ${input.adminCredentialsFile}`);
    }
  }
  lines.push('', 'The embedded database is for trying and developing; run production on PostgreSQL (DATABASE_URL). Ctrl+C stops.', '');
  return lines.join('\n');
}
