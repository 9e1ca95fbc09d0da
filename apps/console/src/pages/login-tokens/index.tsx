import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { DataTable } from '../../components/data-table';
import { messageOf } from '../../errors';
import { useSearch } from '../../router';
import { useTRPC } from '../../trpc';
import { type LoginTokenRow, loginTokenColumns } from './columns';
import { CreateTokenDialog } from './create-dialog';
import { DeleteTokensDialog } from './delete-dialog';
import { EditTokenDialog } from './edit-dialog';
import { DEFAULT_SORT, type ListState, listStateToParams, parseListState, type Sort, toListInput } from './filters';
import { FiltersPanel } from './filters-panel';

/** Users > Login Tokens: the seed's overview, its state (filters, sort, cursor) in the URL. */
export function LoginTokensPage() {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const [params, setParams] = useSearch();
  const state = parseListState(params);
  const list = useQuery({ ...trpc.loginTokens.list.queryOptions(toListInput(state)), placeholderData: keepPreviousData });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<LoginTokenRow | null>(null);
  const [deleting, setDeleting] = useState<string[] | null>(null);
  const columns = useMemo(() => loginTokenColumns({ selectable: canWrite, onOpen: setEditing }), [canWrite]);

  const go = (next: ListState) => {
    setSelection({});
    setParams(listStateToParams(next));
  };
  const sorting: SortingState = [{ id: state.sort.field, desc: state.sort.direction === 'desc' }];
  const onSortingChange = (updater: SortingState | ((old: SortingState) => SortingState)) => {
    const [first] = typeof updater === 'function' ? updater(sorting) : updater;
    const sort: Sort = first ? { field: first.id as Sort['field'], direction: first.desc ? 'desc' : 'asc' } : DEFAULT_SORT;
    go({ ...state, sort, cursor: null });
  };
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);

  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <p className="breadcrumb">Users</p>
          <h1 id="page-title">Login Tokens</h1>
          <p className="lead">Login tokens let contacts and customers into the webshop without a password.</p>
        </div>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New Login Token
          </button>
        )}
      </header>
      <div className="toolbar">
        <FiltersPanel filters={state.filters} onApply={(filters) => go({ ...state, filters, cursor: null })} />
        {canWrite && (
          <button type="button" className="danger" disabled={selectedIds.length === 0} onClick={() => setDeleting(selectedIds)}>
            Delete{selectedIds.length ? ` (${selectedIds.length})` : ''}
          </button>
        )}
        <span className="hint" aria-live="polite">
          {list.data ? `${list.data.items.length} shown${list.data.nextCursor ? ', more on the next page' : ''}` : ''}
        </span>
      </div>
      <DataTable
        label="Login tokens"
        columns={columns}
        rows={list.data?.items}
        getRowId={(row) => row.id}
        loading={list.isPending}
        error={list.error ? messageOf(list.error) : null}
        empty="No login tokens match. Change the filters, or create one with New Login Token."
        sorting={sorting}
        onSortingChange={onSortingChange}
        rowSelection={selection}
        onRowSelectionChange={canWrite ? setSelection : undefined}
        onRowClick={setEditing}
        hasNext={Boolean(list.data?.nextCursor)}
        onNext={() => go({ ...state, cursor: list.data?.nextCursor ?? null })}
        onFirst={state.cursor ? () => go({ ...state, cursor: null }) : null}
      />
      <CreateTokenDialog open={creating} onOpenChange={setCreating} />
      {editing && <EditTokenDialog key={editing.id} token={editing} onClose={() => setEditing(null)} />}
      {deleting && (
        <DeleteTokensDialog
          ids={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            setSelection({});
          }}
        />
      )}
    </section>
  );
}
