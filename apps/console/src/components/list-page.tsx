import type { UseQueryResult } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { messageOf } from '../errors';
import type { DataTableProps } from './data-table';

/** A screen's title, its one-line lead and the action at the top right (hidden from a viewer by the caller). */
export function PageHeader(props: { title: string; breadcrumb?: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {props.breadcrumb && <p className="breadcrumb">{props.breadcrumb}</p>}
        <h1 id="page-title">{props.title}</h1>
        {props.lead && <p className="lead">{props.lead}</p>}
      </div>
      {props.children}
    </header>
  );
}

type Paged<Row> = { items: Row[]; nextCursor: string | null };

/**
 * What a DataTable needs from a cursor-paged list query: its rows, loading
 * and error states (the error in words), and the pager wired to the URL's cursor.
 */
export function pagedTable<Row>(
  list: UseQueryResult<Paged<Row>, unknown>,
  cursor: string | null,
  setCursor: (cursor: string | null) => void,
): Pick<DataTableProps<Row>, 'rows' | 'loading' | 'error' | 'hasNext' | 'onNext' | 'onFirst'> {
  return {
    rows: list.data?.items,
    loading: list.isPending,
    error: list.error ? messageOf(list.error) : null,
    hasNext: Boolean(list.data?.nextCursor),
    onNext: () => setCursor(list.data?.nextCursor ?? null),
    onFirst: cursor ? () => setCursor(null) : null,
  };
}

/** The Actions column of a list, for an editor only: a viewer sees no write controls. */
export function actionsColumn<Row>(canWrite: boolean, cell: (row: Row) => ReactNode): ColumnDef<Row, unknown>[] {
  if (!canWrite) return [];
  return [{ id: 'actions', header: 'Actions', enableHiding: false, cell: ({ row }) => <span className="row">{cell(row.original)}</span> }];
}
