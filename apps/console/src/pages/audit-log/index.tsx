import type { RouterOutputs } from '@latchkey/client';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { DataTable } from '../../components/data-table';
import { DateField } from '../../components/date-field';
import { dayEnd, dayStart, isDay } from '../../components/dates';
import { messageOf } from '../../errors';
import { formatDateTime, formatJson } from '../../format';
import { useSearch } from '../../router';
import { useTRPC } from '../../trpc';

type AuditEvent = RouterOutputs['audit']['list']['items'][number];
const FIELDS = ['actorId', 'subjectId', 'action'] as const;
type Filters = Record<(typeof FIELDS)[number] | 'from' | 'to', string>;

const columns: ColumnDef<AuditEvent, unknown>[] = [
  { id: 'at', header: 'When', enableHiding: false, cell: ({ row }) => formatDateTime(row.original.at) },
  { id: 'action', header: 'Action', cell: ({ row }) => <code>{row.original.action}</code> },
  { id: 'actor', header: 'Actor', cell: ({ row }) => `${row.original.actorType} ${row.original.actorId ?? ''}` },
  { id: 'subject', header: 'Subject', cell: ({ row }) => `${row.original.subjectType ?? ''} ${row.original.subjectId ?? ''}` },
  { id: 'client', header: 'Client', cell: ({ row }) => row.original.clientId ?? '—' },
  { id: 'ip', header: 'IP', cell: ({ row }) => row.original.ip ?? '—' },
  { id: 'details', header: 'Details', cell: ({ row }) => <code>{formatJson(row.original.details)}</code> },
];

/** Audit log: every admin write and reveal, newest first, filtered by actor, subject, action and time (all in the URL). */
export function AuditLogPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearch();
  const applied: Filters = {
    actorId: params.get('actorId') ?? '',
    subjectId: params.get('subjectId') ?? '',
    action: params.get('action') ?? '',
    from: isDay(params.get('from') ?? '') ? params.get('from')! : '',
    to: isDay(params.get('to') ?? '') ? params.get('to')! : '',
  };
  const cursor = params.get('cursor');
  const [draft, setDraft] = useState(applied);
  const from = applied.from ? dayStart(applied.from) : null;
  const to = applied.to ? dayEnd(applied.to) : null;
  const input = {
    limit: 50,
    ...Object.fromEntries(FIELDS.filter((f) => applied[f]).map((f) => [f, applied[f]])),
    ...(from || to ? { at: { ...(from ? { from: from.toISOString() } : {}), ...(to ? { to: to.toISOString() } : {}) } } : {}),
    ...(cursor ? { cursor } : {}),
  };
  const list = useQuery({ ...trpc.audit.list.queryOptions(input), placeholderData: keepPreviousData });
  const go = (filters: Filters, nextCursor: string | null = null) => {
    const out = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) out.set(key, value);
    if (nextCursor) out.set('cursor', nextCursor);
    setParams(out);
  };
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <div>
          <h1 id="page-title">Audit log</h1>
          <p className="lead">Who changed what, from where; reveals of login tokens included.</p>
        </div>
      </header>
      <form
        className="toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          go(draft);
        }}
      >
        {FIELDS.map((field) => (
          <div className="field" key={field}>
            <label htmlFor={`audit-${field}`}>{field === 'actorId' ? 'Actor id' : field === 'subjectId' ? 'Subject id' : 'Action'}</label>
            <input
              id={`audit-${field}`}
              type="text"
              value={draft[field]}
              onChange={(e) => setDraft({ ...draft, [field]: e.target.value.trim() })}
            />
          </div>
        ))}
        <DateField label="From" value={draft.from} onChange={(from) => setDraft({ ...draft, from })} />
        <DateField label="To" value={draft.to} onChange={(to) => setDraft({ ...draft, to })} />
        <button type="submit" className="primary">
          Apply
        </button>
      </form>
      <DataTable
        label="Audit events"
        columns={columns}
        rows={list.data?.items}
        getRowId={(row) => row.id}
        loading={list.isPending}
        error={list.error ? messageOf(list.error) : null}
        empty="No audit events match."
        hasNext={Boolean(list.data?.nextCursor)}
        onNext={() => go(applied, list.data?.nextCursor ?? null)}
        onFirst={cursor ? () => go(applied) : null}
      />
    </section>
  );
}
