import { searchTerm } from '@latchkey/api/schemas';
import type { RouterOutputs } from '@latchkey/client';
import { STAFF_ROLES } from '@latchkey/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ActionError } from '../../components/form';
import { actionsColumn, PageHeader, pagedTable } from '../../components/list-page';
import { SearchBox } from '../../components/search-box';
import { useSearchList } from '../../components/search-list';
import { useTRPC } from '../../trpc';

type Agent = RouterOutputs['agents']['list']['items'][number];
type Role = Agent['roles'][number];

const ROLE_HELP: Record<string, string> = {
  viewer: 'reads everything (admin:read)',
  editor: 'reads and changes everything (admin:read, admin:write)',
  impersonator: 'may act as a customer',
};

function RolesDialog({ agent, onClose }: { agent: Agent; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [roles, setRoles] = useState<Role[]>(agent.roles);
  const update = useMutation(trpc.agents.update.mutationOptions());
  const save = async () => {
    await update.mutateAsync({ id: agent.id, roles });
    await queryClient.invalidateQueries({ queryKey: trpc.agents.pathKey() });
    onClose();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Roles of ${agent.firstName} ${agent.lastName}`}>
      <fieldset>
        <legend>Roles</legend>
        {(STAFF_ROLES as readonly Role[]).map((role) => (
          <label key={role} className="check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))}
            />
            {role} — {ROLE_HELP[role] ?? ''}
          </label>
        ))}
      </fieldset>
      <ActionError error={update.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={update.isPending} onClick={() => void save().catch(() => undefined)}>
          Save
        </button>
      </div>
    </Dialog>
  );
}

/** Staff: the agent directory's people and their roles. */
export function StaffPage() {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const { q, cursor, setSearch, setCursor } = useSearchList();
  const searchable = searchTerm.safeParse(q).success;
  const list = useQuery({
    ...trpc.agents.list.queryOptions({ limit: 25, ...(searchable ? { search: q } : {}), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [editing, setEditing] = useState<Agent | null>(null);
  const columns: ColumnDef<Agent, unknown>[] = [
    { id: 'name', header: 'Name', enableHiding: false, cell: ({ row }) => `${row.original.firstName} ${row.original.lastName}` },
    { id: 'email', header: 'E-mail', cell: ({ row }) => row.original.email },
    { id: 'roles', header: 'Roles', cell: ({ row }) => row.original.roles.join(', ') || '—' },
    { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
    ...actionsColumn<Agent>(canWrite, (agent) => (
      <button type="button" onClick={() => setEditing(agent)} aria-label={`Edit roles of ${agent.firstName} ${agent.lastName}`}>
        Edit roles
      </button>
    )),
  ];
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Staff"
        breadcrumb="Users"
        lead="A change of roles counts at once in the admin API, and in tokens at their next refresh."
      />
      <div className="toolbar">
        <SearchBox label="Search staff by name or e-mail" value={q} onChange={setSearch} />
      </div>
      <DataTable
        label="Staff"
        columns={columns}
        getRowId={(row) => row.id}
        empty="No staff member matches."
        {...pagedTable(list, cursor, setCursor)}
      />
      {editing && <RolesDialog agent={editing} onClose={() => setEditing(null)} />}
    </section>
  );
}
