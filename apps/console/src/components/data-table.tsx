import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type OnChangeFn,
  type RowSelectionState,
  type SortingState,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { useState } from 'react';
import { ColumnsMenu } from './columns-menu';

export type DataTableProps<Row> = {
  label: string;
  columns: ColumnDef<Row, unknown>[];
  rows: Row[] | undefined;
  getRowId: (row: Row) => string;
  loading: boolean;
  error?: string | null;
  empty: string;
  /** Sorting happens on the server: the table only shows and changes what the URL says. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  rowSelection?: RowSelectionState;
  onRowSelectionChange?: OnChangeFn<RowSelectionState>;
  onRowClick?: (row: Row) => void;
  hasNext?: boolean;
  onNext?: () => void;
  onFirst?: (() => void) | null;
};

/** A headless TanStack table: server-side sort and cursor pagination, row selection, column visibility. */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>({});
  const table = useReactTable({
    data: props.rows ?? [],
    columns: props.columns,
    getRowId: props.getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    enableRowSelection: Boolean(props.onRowSelectionChange),
    state: {
      sorting: props.sorting ?? [],
      rowSelection: props.rowSelection ?? {},
      columnVisibility,
    },
    onSortingChange: props.onSortingChange,
    onRowSelectionChange: props.onRowSelectionChange,
    onColumnVisibilityChange: setColumnVisibility,
  });
  const columnCount = table.getVisibleLeafColumns().length;

  return (
    <div className="data-table">
      <div className="table-tools">
        <ColumnsMenu table={table} />
      </div>
      {/* A table wider than the screen scrolls: the region takes focus, so a keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: WCAG 2.1.1 asks that a scrollable region be reachable by keyboard (axe scrollable-region-focusable). */}
      <section className="table-scroll" tabIndex={0} aria-label={`${props.label} (scrollable)`}>
        <table aria-label={props.label} aria-busy={props.loading}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                    >
                      {header.isPlaceholder ? null : header.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ' ↕'}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {props.loading && !props.rows ? (
              <tr>
                <td colSpan={columnCount} className="state">
                  Loading…
                </td>
              </tr>
            ) : props.error ? (
              <tr>
                <td colSpan={columnCount} className="state" role="alert">
                  {props.error}
                </td>
              </tr>
            ) : table.getRowModel().rows.length === 0 ? (
              <tr>
                <td colSpan={columnCount} className="state">
                  {props.empty}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr
                  key={row.id}
                  data-selected={row.getIsSelected() || undefined}
                  className={props.onRowClick ? 'clickable' : undefined}
                  onClick={(event) => {
                    // Clicks on the row's own controls (checkbox, buttons) are theirs.
                    if ((event.target as HTMLElement).closest('input, button, a, label')) return;
                    props.onRowClick?.(row.original);
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
      {(props.onFirst || props.hasNext) && (
        <nav className="pager" aria-label={`${props.label} pages`}>
          <button type="button" onClick={props.onFirst ?? undefined} disabled={!props.onFirst}>
            First page
          </button>
          <button type="button" onClick={props.onNext} disabled={!props.hasNext}>
            Next page
          </button>
        </nav>
      )}
    </div>
  );
}
