import type { RouterOutputs } from '@latchkey/client';
import type { ColumnDef } from '@tanstack/react-table';
import { formatDateTime, formatJson } from '../../format';

export type LoginTokenRow = RouterOutputs['loginTokens']['list']['items'][number];

const TYPE_LABEL = { company_user: 'Contact', customer: 'Customer', anonymous: 'Anonymous' } as const;

/** The seed's columns, in its order; the sortable ones (with an accessor) are those the API sorts by. */
export function loginTokenColumns(options: {
  selectable: boolean;
  onOpen: (row: LoginTokenRow) => void;
}): ColumnDef<LoginTokenRow, unknown>[] {
  const columns: ColumnDef<LoginTokenRow, unknown>[] = [
    {
      id: 'name',
      header: 'Name',
      enableSorting: false,
      enableHiding: false,
      cell: ({ row }) => (
        <button type="button" className="link" onClick={() => options.onOpen(row.original)}>
          {row.original.subjectName ?? 'Anonymous'}
          {row.original.companyName ? <span className="hint"> · {row.original.companyName}</span> : null}
        </button>
      ),
    },
    { id: 'type', header: 'Type', enableSorting: false, cell: ({ row }) => TYPE_LABEL[row.original.subjectType] },
    {
      id: 'expiresAt',
      accessorFn: (row) => row.expiresAt,
      header: 'Expires At',
      cell: ({ row }) => (row.original.expiresAt ? formatDateTime(row.original.expiresAt) : 'Never'),
    },
    {
      id: 'lastAccessedAt',
      accessorFn: (row) => row.lastAccessedAt,
      header: 'Last Accessed At',
      cell: ({ row }) => formatDateTime(row.original.lastAccessedAt),
    },
    {
      id: 'successfulAttempts',
      accessorFn: (row) => row.successfulAttempts,
      header: 'Successful Attempts',
      cell: ({ row }) => row.original.successfulAttempts,
    },
    {
      id: 'failedAttempts',
      accessorFn: (row) => row.failedAttempts,
      header: 'Failed Attempts',
      cell: ({ row }) => row.original.failedAttempts,
    },
    { id: 'oneTimeUse', header: 'One Time Use', enableSorting: false, cell: ({ row }) => (row.original.oneTimeUse ? 'Yes' : 'No') },
    {
      id: 'extra',
      header: 'Extra',
      enableSorting: false,
      cell: ({ row }) => <code>{formatJson(row.original.extra)}</code>,
    },
  ];
  if (!options.selectable) return columns;
  return [
    {
      id: 'select',
      enableSorting: false,
      enableHiding: false,
      header: ({ table }) => (
        <input
          type="checkbox"
          aria-label="Select all tokens on this page"
          checked={table.getIsAllRowsSelected()}
          ref={(el) => {
            if (el) el.indeterminate = table.getIsSomeRowsSelected();
          }}
          onChange={table.getToggleAllRowsSelectedHandler()}
        />
      ),
      cell: ({ row }) => (
        <input
          type="checkbox"
          aria-label={`Select the token of ${row.original.subjectName ?? 'an anonymous user'} (${row.original.id.slice(0, 8)})`}
          checked={row.getIsSelected()}
          onChange={row.getToggleSelectedHandler()}
        />
      ),
    },
    ...columns,
  ];
}
