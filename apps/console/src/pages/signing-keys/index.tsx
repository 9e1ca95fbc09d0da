import type { RouterOutputs } from '@latchkey/client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { messageOf } from '../../errors';
import { formatDateTime } from '../../format';
import { useTRPC, useTRPCClient } from '../../trpc';

type SigningKey = RouterOutputs['keys']['list'][number];

/** Signing keys: the access-token keys and their states; rotate starts a new one (published first, used after). */
export function SigningKeysPage() {
  const trpc = useTRPC();
  const admin = useTRPCClient();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const list = useQuery(trpc.keys.list.queryOptions());
  const [rotating, setRotating] = useState(false);
  const columns: ColumnDef<SigningKey, unknown>[] = [
    { id: 'kid', header: 'Key id', enableHiding: false, cell: ({ row }) => <code>{row.original.kid}</code> },
    { id: 'alg', header: 'Algorithm', cell: ({ row }) => row.original.alg },
    { id: 'state', header: 'State', cell: ({ row }) => row.original.state },
    { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    { id: 'activated', header: 'Activated', cell: ({ row }) => formatDateTime(row.original.activatedAt) },
    { id: 'retired', header: 'Retired', cell: ({ row }) => formatDateTime(row.original.retiredAt) },
  ];
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">Signing keys</h1>
          <p className="lead">Access tokens are signed with the active key; the JWKS publishes every key a valid token may name.</p>
        </div>
        {canWrite && (
          <button type="button" className="primary" onClick={() => setRotating(true)}>
            Rotate key
          </button>
        )}
      </header>
      <DataTable
        label="Signing keys"
        columns={columns}
        rows={list.data}
        getRowId={(row) => row.kid}
        loading={list.isPending}
        error={list.error ? messageOf(list.error) : null}
        empty="No signing keys yet: the auth server makes one at its first start."
      />
      {rotating && (
        <ConfirmDialog
          title="Rotate the signing key?"
          description="A new key is published now and signs tokens once resource servers have had time to fetch it; the current key is retired then."
          action="Rotate key"
          run={async () => {
            await admin.keys.rotate.mutate();
            await queryClient.invalidateQueries({ queryKey: trpc.keys.pathKey() });
          }}
          onClose={() => setRotating(false)}
        />
      )}
    </section>
  );
}
