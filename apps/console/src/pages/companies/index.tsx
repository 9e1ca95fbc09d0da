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
import { Link } from '../../router';
import { useTRPC, useTRPCClient } from '../../trpc';
import { CompanyDialog } from './company-dialog';

type Company = RouterOutputs['companies']['list']['items'][number];

/** Companies: the B2B accounts, searchable by name; each opens on its roles and company users. */
export function CompaniesPage() {
  const trpc = useTRPC();
  const admin = useTRPCClient();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const { q, cursor, setSearch, setCursor } = useSearchList();
  const list = useQuery({
    ...trpc.companies.list.queryOptions({
      limit: 25,
      sort: { field: 'name', direction: 'asc' },
      ...(q ? { search: q } : {}),
      ...(cursor ? { cursor } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const [pending, setPending] = useState<{ company: Company | null; kind: 'edit' | 'delete' } | null>(null);
  const columns: ColumnDef<Company, unknown>[] = [
    {
      id: 'name',
      header: 'Name',
      enableHiding: false,
      cell: ({ row }) => <Link to={`/companies/${row.original.id}`}>{row.original.name}</Link>,
    },
    { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
    { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    { id: 'updated', header: 'Updated', cell: ({ row }) => formatDateTime(row.original.updatedAt) },
    ...actionsColumn<Company>(canWrite, (company) => (
      <>
        <button type="button" onClick={() => setPending({ company, kind: 'edit' })} aria-label={`Edit ${company.name}`}>
          Edit
        </button>
        <button type="button" onClick={() => setPending({ company, kind: 'delete' })} aria-label={`Delete ${company.name}`}>
          Delete
        </button>
      </>
    )),
  ];
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Companies"
        breadcrumb="Users"
        lead="B2B accounts: their roles and permissions, and the customers who act for them."
      >
        {canWrite && (
          <button type="button" className="primary" onClick={() => setPending({ company: null, kind: 'edit' })}>
            New company
          </button>
        )}
      </PageHeader>
      <div className="toolbar">
        <SearchBox label="Search companies by name" value={q} onChange={setSearch} />
      </div>
      <DataTable
        label="Companies"
        columns={columns}
        getRowId={(row) => row.id}
        empty={q ? 'No company matches the search.' : 'No companies yet.'}
        {...pagedTable(list, cursor, setCursor)}
      />
      {pending?.kind === 'edit' && <CompanyDialog company={pending.company} onClose={() => setPending(null)} />}
      {pending?.kind === 'delete' && pending.company && (
        <ConfirmDialog
          title={`Delete ${pending.company.name}?`}
          description="Its roles and company users go with it; the customers themselves stay."
          action="Delete company"
          run={async () => {
            await admin.companies.delete.mutate({ id: pending.company!.id });
            await queryClient.invalidateQueries({ queryKey: trpc.companies.pathKey() });
          }}
          onClose={() => setPending(null)}
        />
      )}
    </section>
  );
}
