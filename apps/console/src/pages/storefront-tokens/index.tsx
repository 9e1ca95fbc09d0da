import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useAuth } from '../../auth/auth-context';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { DataTable } from '../../components/data-table';
import { SelectField } from '../../components/form';
import { actionsColumn, PageHeader, pagedTable } from '../../components/list-page';
import { UserPicker } from '../../components/user-picker';
import { formatDateTime } from '../../format';
import { useSearch } from '../../router';
import { useTRPC, useTRPCClient } from '../../trpc';
import { filtersFromParams, filtersToParams, type StorefrontFilters, tokenState, toListInput } from './filters';

type Token = RouterOutputs['storefrontTokens']['list']['items'][number];

/** The customers' names of the tokens shown, one customers.get each (a page names a few customers). */
function useCustomerNames(ids: string[]): Map<string, string> {
  const trpc = useTRPC();
  const unique = [...new Set(ids)];
  const results = useQueries({ queries: unique.map((id) => ({ ...trpc.customers.get.queryOptions({ id }), staleTime: 60_000 })) });
  const names = new Map<string, string>();
  results.forEach((result, index) => {
    if (result.data) names.set(unique[index]!, `${result.data.firstName} ${result.data.lastName}`);
  });
  return names;
}

/** Storefront tokens: the named tokens of BigCommerce B2B's door, newest first, by customer and client; revoke one. */
export function StorefrontTokensPage() {
  const trpc = useTRPC();
  const admin = useTRPCClient();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const [params, setParams] = useSearch();
  const filters = filtersFromParams(params);
  const set = (next: Partial<StorefrontFilters>) => setParams(filtersToParams({ ...filters, cursor: null, ...next }));
  const list = useQuery({ ...trpc.storefrontTokens.list.queryOptions(toListInput(filters, 25)), placeholderData: keepPreviousData });
  const clients = useQuery(trpc.clients.list.queryOptions({ limit: 200, sort: { field: 'name', direction: 'asc' } }));
  const names = useCustomerNames([
    ...(list.data?.items.map((t) => t.customerId) ?? []),
    ...(filters.customerId ? [filters.customerId] : []),
  ]);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const now = new Date();
  const columns: ColumnDef<Token, unknown>[] = [
    { id: 'name', header: 'Name', enableHiding: false, cell: ({ row }) => row.original.name },
    { id: 'customer', header: 'Customer', cell: ({ row }) => names.get(row.original.customerId) ?? <code>{row.original.customerId}</code> },
    { id: 'client', header: 'Client', cell: ({ row }) => <code>{row.original.clientId}</code> },
    { id: 'state', header: 'Status', cell: ({ row }) => tokenState(row.original, now) },
    { id: 'expires', header: 'Expires At', cell: ({ row }) => formatDateTime(row.original.expiresAt) },
    { id: 'created', header: 'Created', cell: ({ row }) => formatDateTime(row.original.createdAt) },
    { id: 'revoked', header: 'Revoked At', cell: ({ row }) => formatDateTime(row.original.revokedAt) },
    ...actionsColumn<Token>(canWrite, (token) =>
      token.revokedAt ? null : (
        <button type="button" onClick={() => setRevoking(token)} aria-label={`Revoke ${token.name}`}>
          Revoke
        </button>
      ),
    ),
  ];
  const picked = filters.customerId
    ? { type: 'customer' as const, id: filters.customerId, label: names.get(filters.customerId) ?? filters.customerId }
    : null;
  return (
    <section aria-labelledby="page-title">
      <PageHeader
        title="Storefront tokens"
        breadcrumb="Users"
        lead="Named tokens a B2B storefront asked for with a company user's password (BigCommerce's /api/io/auth/customers). The token itself is never shown."
      />
      <div className="toolbar filters-inline">
        <UserPicker
          label="Customer"
          customersOnly
          value={picked}
          onChange={(user) => set({ customerId: user?.id ?? null })}
          hint="Type part of a name or e-mail to see one customer's tokens."
        />
        <SelectField label="Client" value={filters.clientId ?? ''} onChange={(event) => set({ clientId: event.target.value || null })}>
          <option value="">Every client</option>
          {clients.data?.items.map((client) => (
            <option key={client.id} value={client.id}>
              {client.name} ({client.id})
            </option>
          ))}
        </SelectField>
      </div>
      <DataTable
        label="Storefront tokens"
        columns={columns}
        getRowId={(row) => row.id}
        empty={filters.customerId || filters.clientId ? 'No storefront token matches the filters.' : 'No storefront tokens yet.'}
        {...pagedTable(list, filters.cursor, (cursor) => setParams(filtersToParams({ ...filters, cursor })))}
      />
      {revoking && (
        <ConfirmDialog
          title={`Revoke the storefront token ${revoking.name}?`}
          description="Its session ends at once: the storefront's next call with it is refused, and introspection answers inactive."
          action="Revoke token"
          run={async () => {
            await admin.storefrontTokens.revoke.mutate({ id: revoking.id });
            await queryClient.invalidateQueries({ queryKey: trpc.storefrontTokens.pathKey() });
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </section>
  );
}
