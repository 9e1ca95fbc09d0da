import { agentsRouter } from './routers/agents.js';
import { auditRouter } from './routers/audit.js';
import { clientsRouter } from './routers/clients.js';
import { companiesRouter } from './routers/companies.js';
import { companyRolesRouter } from './routers/company-roles.js';
import { companyUsersRouter } from './routers/company-users.js';
import { customersRouter } from './routers/customers.js';
import { grantsRouter } from './routers/grants.js';
import { keysRouter } from './routers/keys.js';
import { loginTokensRouter } from './routers/login-tokens.js';
import { storefrontTokensRouter } from './routers/storefront-tokens.js';
import { router } from './trpc.js';

export const appRouter = router({
  customers: customersRouter,
  agents: agentsRouter,
  companies: companiesRouter,
  companyRoles: companyRolesRouter,
  companyUsers: companyUsersRouter,
  clients: clientsRouter,
  loginTokens: loginTokensRouter,
  storefrontTokens: storefrontTokensRouter,
  grants: grantsRouter,
  audit: auditRouter,
  keys: keysRouter,
});

export type AdminRouter = typeof appRouter;
