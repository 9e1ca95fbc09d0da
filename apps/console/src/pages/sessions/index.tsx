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

type Grant = RouterOutputs['grants']['list']['items'][number];

/** Sessions: the grants that are alive (one login each), by account id; revoking one ends every token under it. */
export function SessionsPage() {
  const trpc = useTRPC();
  const admin = useTRPCClient();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const { q, cursor, setSearch, setCursor } = useSearchList();
  const list = useQuery({
    ...trpc.grants.list.queryOptions({ limit: 25, ...(q ? { accountId: q } : {}), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const columns: ColumnDef<Grant, unknown>[] = [
    { id: 'account', header: 'Account', enableHiding: false, cell: ({ row }) => <code>{row.original.accountId ?? '—'}</code> },
    { id: 'client', header: 'Client', cell: ({ row }) => row.original.clientId ?? '—' },
    { id: 'created', header: 'Started', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    { id: 'expires', header: 'Ends', cell: ({ row }) => formatDateTime(row.original.expiresAt) },
    ...actionsColumn<Grant>(canWrite, (grant) => (
      <button type="button" onClick={() => setRevoking(grant)}>
        Revoke
      </button>
    )),
  ];
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Sessions"
        lead="One row per login that is still alive. Paste an account id (a customer's or staff member's id) to see theirs."
      />
      <div className="toolbar">
        <SearchBox label="Account id" value={q} onChange={setSearch} />
      </div>
      <DataTable
        label="Sessions"
        columns={columns}
        getRowId={(row) => row.id}
        empty="No live sessions."
        {...pagedTable(list, cursor, setCursor)}
      />
      {revoking && (
        <ConfirmDialog
          title="Revoke this session?"
          description="Its refresh tokens stop working at once; its access tokens run out within minutes."
          action="Revoke"
          run={async () => {
            await admin.grants.revoke.mutate({ grantId: revoking.id });
            await queryClient.invalidateQueries({ queryKey: trpc.grants.pathKey() });
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
