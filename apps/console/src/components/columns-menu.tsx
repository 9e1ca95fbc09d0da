import * as Popover from '@radix-ui/react-popover';
import type { Table } from '@tanstack/react-table';

/** Which columns the table shows (TanStack's column visibility) in an accessible popover. */
export function ColumnsMenu<Row>({ table }: { table: Table<Row> }) {
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <button type="button">Columns</button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" align="end" sideOffset={4} aria-label="Columns shown">
          <fieldset>
            <legend>Columns shown</legend>
            {hideable.map((column) => (
              <label key={column.id} className="check">
                <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />
                {typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id}
              </label>
            ))}
          </fieldset>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
