import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { actionsColumn, PageHeader, pagedTable } from '../../components/list-page';
import { messageOf } from '../../errors';
import { formatDateTime, formatJson } from '../../format';
import { Link, navigate } from '../../router';
import { useTRPC, useTRPCClient } from '../../trpc';
import { CompanyDialog } from './company-dialog';
import { CompanyUserDialog } from './company-user-dialog';
import { RoleDialog } from './role-dialog';

type Company = RouterOutputs['companies']['get'];
type Role = RouterOutputs['companyRoles']['list']['items'][number];
type CompanyUser = RouterOutputs['companyUsers']['list']['items'][number];

type Pending =
  | { kind: 'edit-company' | 'delete-company' }
  | { kind: 'role'; role: Role | null }
  | { kind: 'delete-role'; role: Role }
  | { kind: 'user'; user: CompanyUser | null }
  | { kind: 'delete-user'; user: CompanyUser };

/** The company's roles: each permission's key and configuration. */
function RolesTable({ company, onPick }: { company: Company; onPick: (pending: Pending) => void }) {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const [cursor, setCursor] = useState<string | null>(null);
  const roles = useQuery({
    ...trpc.companyRoles.list.queryOptions({
      companyId: company.id,
      limit: 25,
      sort: { field: 'name', direction: 'asc' },
      ...(cursor ? { cursor } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const columns: ColumnDef<Role, unknown>[] = [
    { id: 'name', header: 'Role', enableHiding: false, cell: ({ row }) => row.original.name },
    { id: 'default', header: 'Default', cell: ({ row }) => (row.original.isDefault ? 'Yes' : 'No') },
    {
      id: 'permissions',
      header: 'Permissions',
      cell: ({ row }) =>
        row.original.permissions.length === 0 ? (
          '—'
        ) : (
          <ul className="plain-list">
            {row.original.permissions.map((p) => (
              <li key={p.key}>
                <code>{p.key}</code>{' '}
                {p.configuration !== null && p.configuration !== undefined && <code className="muted">{formatJson(p.configuration)}</code>}
              </li>
            ))}
          </ul>
        ),
    },
    ...actionsColumn<Role>(canWrite, (role) => (
      <>
        <button type="button" onClick={() => onPick({ kind: 'role', role })} aria-label={`Edit role ${role.name}`}>
          Edit
        </button>
        <button type="button" onClick={() => onPick({ kind: 'delete-role', role })} aria-label={`Delete role ${role.name}`}>
          Delete
        </button>
      </>
    )),
  ];
  return (
    <section aria-labelledby="roles-title" className="sub-section">
      <div className="section-header">
        <h2 id="roles-title">Roles</h2>
        {canWrite && (
          <button type="button" onClick={() => onPick({ kind: 'role', role: null })}>
            New role
          </button>
        )}
      </div>
      <DataTable
        label="Roles"
        columns={columns}
        getRowId={(row) => row.id}
        empty="No roles yet: company users of this company have no permissions."
        {...pagedTable(roles, cursor, setCursor)}
      />
    </section>
  );
}

/** The company's users (its contacts): the customer, their role, whether it is their default company. */
function UsersTable({ company, onPick }: { company: Company; onPick: (pending: Pending) => void }) {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const [cursor, setCursor] = useState<string | null>(null);
  const users = useQuery({
    ...trpc.companyUsers.list.queryOptions({ companyId: company.id, limit: 25, ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const nameOf = (user: CompanyUser) => `${user.customer.firstName} ${user.customer.lastName}`;
  const columns: ColumnDef<CompanyUser, unknown>[] = [
    { id: 'name', header: 'Customer', enableHiding: false, cell: ({ row }) => nameOf(row.original) },
    { id: 'email', header: 'E-mail', cell: ({ row }) => row.original.customer.email },
    { id: 'role', header: 'Role', cell: ({ row }) => row.original.roleName ?? 'No role' },
    { id: 'default', header: 'Default company', cell: ({ row }) => (row.original.isDefault ? 'Yes' : 'No') },
    { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
    { id: 'created', header: 'Added', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    ...actionsColumn<CompanyUser>(canWrite, (user) => (
      <>
        <button type="button" onClick={() => onPick({ kind: 'user', user })} aria-label={`Edit ${nameOf(user)}`}>
          Edit
        </button>
        <button type="button" onClick={() => onPick({ kind: 'delete-user', user })} aria-label={`Remove ${nameOf(user)}`}>
          Remove
        </button>
      </>
    )),
  ];
  return (
    <section aria-labelledby="users-title" className="sub-section">
      <div className="section-header">
        <h2 id="users-title">Company users</h2>
        {canWrite && (
          <button type="button" onClick={() => onPick({ kind: 'user', user: null })}>
            New company user
          </button>
        )}
      </div>
      <DataTable
        label="Company users"
        columns={columns}
        getRowId={(row) => row.id}
        empty="No company users yet: add a customer to act for this company."
        {...pagedTable(users, cursor, setCursor)}
      />
    </section>
  );
}

/** One company: its name and status, its roles and its company users, each editable by an editor. */
export function CompanyPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const admin = useTRPCClient();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const company = useQuery(trpc.companies.get.queryOptions({ id }));
  // Every role, for the company user dialog's role select.
  const allRoles = useQuery(trpc.companyRoles.list.queryOptions({ companyId: id, limit: 200, sort: { field: 'name', direction: 'asc' } }));
  const [pending, setPending] = useState<Pending | null>(null);
  const close = () => setPending(null);
  if (!company.data)
    return (
      <section aria-labelledby="page-title">
        <PageHeader title="Company" breadcrumb="Users › Companies" />
        {company.error ? (
          <p role="alert">
            {messageOf(company.error)} <Link to="/companies">Back to the companies</Link>
          </p>
        ) : (
          <p aria-live="polite">Loading…</p>
        )}
      </section>
    );
  const c = company.data;
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title={c.name}
        breadcrumb={
          <>
            Users › <Link to="/companies">Companies</Link>
          </>
        }
        lead={`${c.status === 'active' ? 'Active' : 'Disabled'}; created ${formatDateTime(c.createdAt)}.`}
      >
        {canWrite && (
          <span className="row">
            <button type="button" onClick={() => setPending({ kind: 'edit-company' })}>
              Edit company
            </button>
            <button type="button" className="danger" onClick={() => setPending({ kind: 'delete-company' })}>
              Delete company
            </button>
          </span>
        )}
      </PageHeader>
      <RolesTable company={c} onPick={setPending} />
      <UsersTable company={c} onPick={setPending} />
      {pending?.kind === 'edit-company' && <CompanyDialog company={c} onClose={close} />}
      {pending?.kind === 'delete-company' && (
        <ConfirmDialog
          title={`Delete ${c.name}?`}
          description="Its roles and company users go with it; the customers themselves stay."
          action="Delete company"
          run={async () => {
            await admin.companies.delete.mutate({ id: c.id });
            await queryClient.invalidateQueries({ queryKey: trpc.companies.pathKey() });
            navigate('/companies');
          }}
          onClose={close}
        />
      )}
      {pending?.kind === 'role' && <RoleDialog companyId={c.id} role={pending.role} onClose={close} />}
      {pending?.kind === 'delete-role' && (
        <ConfirmDialog
          title={`Delete the role ${pending.role.name}?`}
          description="Company users holding it stay members of the company, without a role."
          action="Delete role"
          run={async () => {
            await admin.companyRoles.delete.mutate({ id: pending.role.id });
            await queryClient.invalidateQueries({ queryKey: trpc.companyRoles.pathKey() });
            await queryClient.invalidateQueries({ queryKey: trpc.companyUsers.pathKey() });
          }}
          onClose={close}
        />
      )}
      {pending?.kind === 'user' && (
        <CompanyUserDialog companyId={c.id} roles={allRoles.data?.items ?? []} user={pending.user} onClose={close} />
      )}
      {pending?.kind === 'delete-user' && (
        <ConfirmDialog
          title={`Remove ${pending.user.customer.firstName} ${pending.user.customer.lastName} from ${c.name}?`}
          description="The customer stays; they no longer act for this company, and its login tokens for them go."
          action="Remove company user"
          run={async () => {
            await admin.companyUsers.delete.mutate({ id: pending.user.id });
            await queryClient.invalidateQueries({ queryKey: trpc.companyUsers.pathKey() });
          }}
          onClose={close}
        />
      )}
    </section>
  );
}
