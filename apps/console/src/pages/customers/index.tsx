import { searchTerm } from '@latchkey/api/schemas';
import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { actionsColumn, PageHeader, pagedTable } from '../../components/list-page';
import { SearchBox } from '../../components/search-box';
import { useSearchList } from '../../components/search-list';
import { formatDateTime } from '../../format';
import { useTRPC, useTRPCClient } from '../../trpc';
import { CustomerDialog, PasswordDialog } from './customer-dialogs';

type Customer = RouterOutputs['customers']['list']['items'][number];
const nameOf = (customer: Customer) => `${customer.firstName} ${customer.lastName}`;
type Pending = { customer: Customer; kind: 'status' | 'logout' | 'edit' | 'password' };

/** Customers: search by name or e-mail; create, edit, disable or enable one, set a password, or log them out everywhere. */
export function CustomersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const { q, cursor, setSearch, setCursor } = useSearchList();
  const searchable = searchTerm.safeParse(q).success;
  const list = useQuery({
    ...trpc.customers.list.queryOptions({ limit: 25, ...(searchable ? { search: q } : {}), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [pending, setPending] = useState<Pending | null>(null);
  const [creating, setCreating] = useState(false);
  const admin = useTRPCClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  const columns: ColumnDef<Customer, unknown>[] = [
    { id: 'name', header: 'Name', enableHiding: false, cell: ({ row }) => `${row.original.firstName} ${row.original.lastName}` },
    { id: 'email', header: 'E-mail', cell: ({ row }) => row.original.email },
    { id: 'reference', header: 'Reference', cell: ({ row }) => row.original.reference },
    { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
    { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    ...actionsColumn<Customer>(canWrite, (customer) => (
      <>
        <button type="button" onClick={() => setPending({ customer, kind: 'edit' })} aria-label={`Edit ${nameOf(customer)}`}>
          Edit
        </button>
        <button
          type="button"
          onClick={() => setPending({ customer, kind: 'password' })}
          aria-label={`Set password for ${nameOf(customer)}`}
        >
          Set password
        </button>
        <button type="button" onClick={() => setPending({ customer, kind: 'status' })}>
          {customer.status === 'active' ? 'Disable' : 'Enable'}
        </button>
        <button type="button" onClick={() => setPending({ customer, kind: 'logout' })}>
          Log out everywhere
        </button>
      </>
    )),
  ];
  const name = pending ? `${pending.customer.firstName} ${pending.customer.lastName}` : '';
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Customers"
        breadcrumb="Users"
        lead="The people who sign in to the shops; a company user is one of them acting for a company."
      >
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New customer
          </button>
        )}
      </PageHeader>
      <div className="toolbar">
        <SearchBox label="Search customers by name or e-mail" value={q} onChange={setSearch} />
        {q && !searchable && <span className="hint">Type a word of at least 3 characters.</span>}
      </div>
      <DataTable
        label="Customers"
        columns={columns}
        getRowId={(row) => row.id}
        empty={q ? 'No customer matches the search.' : 'No customers yet.'}
        {...pagedTable(list, cursor, setCursor)}
      />
      {creating && <CustomerDialog customer={null} onClose={() => setCreating(false)} />}
      {pending?.kind === 'edit' && <CustomerDialog customer={pending.customer} onClose={() => setPending(null)} />}
      {pending?.kind === 'password' && <PasswordDialog customer={pending.customer} onClose={() => setPending(null)} />}
      {pending?.kind === 'status' && (
        <ConfirmDialog
          title={`${pending.customer.status === 'active' ? 'Disable' : 'Enable'} ${name}?`}
          description={
            pending.customer.status === 'active'
              ? 'A disabled customer cannot sign in, and their sessions stop refreshing.'
              : 'They can sign in again.'
          }
          action={pending.customer.status === 'active' ? 'Disable' : 'Enable'}
          run={async () => {
            await admin.customers.update.mutate({
              id: pending.customer.id,
              status: pending.customer.status === 'active' ? 'disabled' : 'active',
            });
            await refresh();
          }}
          onClose={() => setPending(null)}
        />
      )}
      {pending?.kind === 'logout' && (
        <ConfirmDialog
          title={`Log ${name} out everywhere?`}
          description="Every session of this customer ends: their refresh tokens stop working."
          action="Log out everywhere"
          run={() => admin.customers.revokeSessions.mutate({ id: pending.customer.id })}
          onClose={() => setPending(null)}
        />
      )}
    </section>
  );
}
