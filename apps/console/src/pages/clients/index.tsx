import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { DataTable } from '../../components/data-table';
import { Dialog } from '../../components/dialog';
import { ActionError } from '../../components/form';
import { actionsColumn, PageHeader, pagedTable } from '../../components/list-page';
import { SearchBox } from '../../components/search-box';
import { useSearchList } from '../../components/search-list';
import { formatDateTime } from '../../format';
import { useTRPC } from '../../trpc';
import { CreateClientDialog } from './create-dialog';
import { EditClientDialog } from './edit-dialog';
import { SecretDialog } from './secret-dialog';

type ClientRow = RouterOutputs['clients']['list']['items'][number];

function RotateDialog({ client, onClose, onRotated }: { client: ClientRow; onClose: () => void; onRotated: (secret: string) => void }) {
  const trpc = useTRPC();
  const rotate = useMutation(trpc.clients.rotateSecret.mutationOptions());
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Rotate the secret of ${client.id}?`}
      description="The current secret stops working at once: every server using it needs the new one."
    >
      <ActionError error={rotate.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={rotate.isPending}
          // The refusal is shown by the mutation's own error state; both outcomes are handled here.
          onClick={() => {
            void rotate.mutateAsync({ id: client.id }).then(
              (r) => onRotated(r.clientSecret),
              () => undefined,
            );
          }}
        >
          Rotate secret
        </button>
      </div>
    </Dialog>
  );
}

/** Clients: the OAuth clients, searchable; a new or rotated secret is shown once. */
export function ClientsPage() {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const { q, cursor, setSearch, setCursor } = useSearchList();
  const list = useQuery({
    ...trpc.clients.list.queryOptions({ limit: 25, ...(q ? { search: q } : {}), ...(cursor ? { cursor } : {}) }),
    placeholderData: keepPreviousData,
  });
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<{ client: ClientRow; kind: 'edit' | 'rotate' } | null>(null);
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);
  const columns = useMemo<ColumnDef<ClientRow, unknown>[]>(
    () => [
      { id: 'id', header: 'Client id', cell: ({ row }) => <code>{row.original.id}</code>, enableHiding: false },
      { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
      {
        id: 'type',
        header: 'Type',
        cell: ({ row }) => (
          <>
            {row.original.type === 'public' ? 'Public' : 'Confidential'}
            <br />
            <span className="hint">{row.original.subjectType === 'agent' ? 'Staff' : 'Customers'}</span>
          </>
        ),
      },
      {
        id: 'grants',
        header: 'Grant types',
        // One a line, the token exchange's URN by its last word (its full name is in the edit dialog).
        cell: ({ row }) => (
          <ul className="plain-list">
            {row.original.grantTypes.map((grant) => (
              <li key={grant}>{grant.replace('urn:ietf:params:oauth:grant-type:', '')}</li>
            ))}
          </ul>
        ),
      },
      { id: 'status', header: 'Status', cell: ({ row }) => (row.original.status === 'active' ? 'Active' : 'Disabled') },
      {
        id: 'rotated',
        header: 'Secret rotated',
        cell: ({ row }) => (row.original.hasSecret ? formatDateTime(row.original.secretRotatedAt) : '—'),
      },
      {
        id: 'store',
        header: 'Store',
        cell: ({ row }) =>
          row.original.storeHash ? `${row.original.storeHash} (${row.original.channelIds.join(', ') || 'no channel'})` : '—',
      },
      ...actionsColumn<ClientRow>(canWrite, (client) => (
        <>
          <button type="button" onClick={() => setPending({ client, kind: 'edit' })} aria-label={`Edit ${client.id}`}>
            Edit
          </button>
          {client.hasSecret && (
            <button type="button" onClick={() => setPending({ client, kind: 'rotate' })} aria-label={`Rotate secret of ${client.id}`}>
              Rotate secret
            </button>
          )}
        </>
      )),
    ],
    [canWrite],
  );
  return (
    <section aria-labelledby="page-title">
      <PageHeader title="Clients" lead="The apps that ask Latchkey for tokens: storefronts, servers, this console.">
        {canWrite && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New client
          </button>
        )}
      </PageHeader>
      <div className="toolbar">
        <SearchBox label="Search clients by id or name" value={q} onChange={setSearch} />
      </div>
      <DataTable
        label="Clients"
        columns={columns}
        getRowId={(row) => row.id}
        empty={q ? 'No client matches the search.' : 'No clients yet.'}
        {...pagedTable(list, cursor, setCursor)}
      />
      {creating && (
        <CreateClientDialog
          onClose={() => setCreating(false)}
          onCreated={(clientId, clientSecret) => {
            setCreating(false);
            if (clientSecret) setSecret({ clientId, secret: clientSecret });
          }}
        />
      )}
      {pending?.kind === 'rotate' && (
        <RotateDialog
          client={pending.client}
          onClose={() => setPending(null)}
          onRotated={(value) => {
            setSecret({ clientId: pending.client.id, secret: value });
            setPending(null);
          }}
        />
      )}
      {pending?.kind === 'edit' && <EditClientDialog client={pending.client} onClose={() => setPending(null)} />}
      {secret && <SecretDialog clientId={secret.clientId} secret={secret.secret} onClose={() => setSecret(null)} />}
    </section>
  );
}
