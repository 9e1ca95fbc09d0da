import { searchTerm } from '@latchkey/api/schemas';
import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { SearchBox } from '../../components/search-box';
import { useSearchList } from '../../components/search-list';
import { messageOf } from '../../errors';
import { formatDateTime } from '../../format';
import { useTRPC, useTRPCClient } from '../../trpc';

type Customer = RouterOutputs['customers']['list']['items'][number];
type Pending = { customer: Customer; kind: 'status' | 'logout' };

/** Customers: search by name or e-mail; disable or enable one, or log them out everywhere. */
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
  const admin = useTRPCClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() });
  const columns: ColumnDef<Customer, unknown>[] = [
    { id: 'name', header: 'Name', enableHiding: false, cell: ({ row }) => `${row.original.firstName} ${row.original.lastName}` },
    { id: 'email', header: 'E-mail', cell: ({ row }) => row.original.email },
    { id: 'reference', header: 'Reference', cell: ({ row }) => row.original.reference },
    { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
    { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    ...(canWrite
      ? [
          {
            id: 'actions',
            header: 'Actions',
            enableHiding: false,
            cell: ({ row }: { row: { original: Customer } }) => (
              <span className="row">
                <button type="button" onClick={() => setPending({ customer: row.original, kind: 'status' })}>
                  {row.original.status === 'active' ? 'Disable' : 'Enable'}
                </button>
                <button type="button" onClick={() => setPending({ customer: row.original, kind: 'logout' })}>
                  Log out everywhere
                </button>
              </span>
            ),
          } satisfies ColumnDef<Customer, unknown>,
        ]
      : []),
  ];
  const name = pending ? `${pending.customer.firstName} ${pending.customer.lastName}` : '';
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <p className="breadcrumb">Users</p>
          <h1 id="page-title">Customers</h1>
        </div>
      </header>
      <div className="toolbar">
        <SearchBox label="Search customers by name or e-mail" value={q} onChange={setSearch} />
        {q && !searchable && <span className="hint">Type a word of at least 3 characters.</span>}
      </div>
      <DataTable
        label="Customers"
        columns={columns}
        rows={list.data?.items}
        getRowId={(row) => row.id}
        loading={list.isPending}
        error={list.error ? messageOf(list.error) : null}
        empty={q ? 'No customer matches the search.' : 'No customers yet.'}
        hasNext={Boolean(list.data?.nextCursor)}
        onNext={() => setCursor(list.data?.nextCursor ?? null)}
        onFirst={cursor ? () => setCursor(null) : null}
      />
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
