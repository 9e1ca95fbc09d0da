import { createAdminClient, TRPCClientError } from '@latchkey/client';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useRef, useState } from 'react';
import { useAuth } from './auth/auth-context';
import { isSessionGone } from './auth/session-gone';
import { AuditLogPage } from './pages/audit-log';
import { ClientsPage } from './pages/clients';
import { CompaniesPage } from './pages/companies';
import { CompanyPage } from './pages/companies/company-page';
import { CustomersPage } from './pages/customers';
import { LoginTokensPage } from './pages/login-tokens';
import { SessionsPage } from './pages/sessions';
import { SigningKeysPage } from './pages/signing-keys';
import { StaffPage } from './pages/staff';
import { StorefrontTokensPage } from './pages/storefront-tokens';
import { Link, navigate, usePath } from './router';
import { TRPCProvider } from './trpc';

/** A screen at its path; `render` gets what follows the path ("/<id>" of a company), when the screen takes that. */
type Screen = { path: string; label: string; group?: string; nested?: boolean; render: (rest: string) => ReactNode };

const SCREENS: Screen[] = [
  { path: '/login-tokens', label: 'Login Tokens', group: 'Users', render: () => <LoginTokensPage /> },
  { path: '/customers', label: 'Customers', group: 'Users', render: () => <CustomersPage /> },
  {
    path: '/companies',
    label: 'Companies',
    group: 'Users',
    nested: true,
    render: (rest) => (rest ? <CompanyPage id={rest.slice(1)} /> : <CompaniesPage />),
  },
  { path: '/staff', label: 'Staff', group: 'Users', render: () => <StaffPage /> },
  { path: '/sessions', label: 'Sessions', group: 'Users', render: () => <SessionsPage /> },
  { path: '/storefront-tokens', label: 'Storefront tokens', group: 'Users', render: () => <StorefrontTokensPage /> },
  { path: '/clients', label: 'Clients', group: 'Settings', render: () => <ClientsPage /> },
  { path: '/signing-keys', label: 'Signing keys', group: 'Settings', render: () => <SigningKeysPage /> },
  { path: '/audit-log', label: 'Audit log', group: 'Settings', render: () => <AuditLogPage /> },
];

const screenOf = (path: string) =>
  SCREENS.find((s) => s.path === path || (s.nested && path.startsWith(`${s.path}/`) && path.length > s.path.length + 1));

// A refusal will be the same the next time: only a failure to reach the API is tried again.
const retry = (count: number, error: unknown) =>
  count < 2 && !(error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus);

/** The typed admin client and TanStack Query, with the signed-in staff member's tokens. */
function useClients() {
  const auth = useAuth();
  const latest = useRef(auth);
  latest.current = auth;
  const [clients] = useState(() => {
    const onError = (error: unknown) => {
      if (isSessionGone(error)) latest.current.signInAgain();
    };
    return {
      queryClient: new QueryClient({
        queryCache: new QueryCache({ onError }),
        mutationCache: new MutationCache({ onError }),
        defaultOptions: { queries: { retry, staleTime: 5_000 } },
      }),
      trpcClient: createAdminClient({ url: window.location.origin, getAccessToken: () => latest.current.client.getAccessToken() }),
    };
  });
  return clients;
}

function Navigation({ path }: { path: string }) {
  const groups = [...new Set(SCREENS.map((s) => s.group ?? ''))];
  return (
    <nav aria-label="Screens" className="sidebar">
      {groups.map((group) => (
        <div key={group}>
          {group && <p className="nav-group">{group}</p>}
          <ul>
            {SCREENS.filter((s) => (s.group ?? '') === group).map((screen) => (
              <li key={screen.path}>
                <Link to={screen.path} aria-current={screenOf(path) === screen ? 'page' : undefined}>
                  {screen.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}

export function App() {
  const auth = useAuth();
  const { queryClient, trpcClient } = useClients();
  const path = usePath();
  const screen = screenOf(path);
  if (!screen && (path === '/' || path === '')) queueMicrotask(() => navigate(SCREENS[0]!.path, { replace: true }));
  const roles = auth.session.claims.roles;
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <div className="layout">
          <header className="topbar">
            <span className="brand">Latchkey console</span>
            <span className="who">
              Signed in{roles.length ? ` as ${roles.join(', ')}` : ''}
              <button type="button" onClick={() => void auth.signOut()}>
                Sign out
              </button>
            </span>
          </header>
          <Navigation path={path} />
          <main className="content">
            {screen ? (
              screen.render(path.slice(screen.path.length))
            ) : (
              <section>
                <h1>Not found</h1>
                <p>There is no screen at this address. Pick one on the left.</p>
              </section>
            )}
          </main>
        </div>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
