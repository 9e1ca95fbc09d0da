import { searchTerm } from '@latchkey/api/schemas';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTRPC } from '../trpc';
import { ErrorText } from './form';

/** A customer, or one of a customer's company users (the back office's "contact"). */
export type PickedUser = { type: 'customer' | 'company_user'; id: string; label: string };

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/**
 * The seed's "Select contact or customer": type part of a name, e-mail or
 * company and pick from customers.list and companyUsers.list (the ARIA
 * combobox pattern). Searches only a term the API can search (the api's own schema).
 */
export function UserPicker(props: {
  label: string;
  value: PickedUser | null;
  onChange: (user: PickedUser | null) => void;
  hint?: string;
  /** Customers only (a new company user is made of a customer), no contacts. */
  customersOnly?: boolean;
  error?: string | undefined;
}) {
  const id = useId();
  const trpc = useTRPC();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const closing = useRef<ReturnType<typeof setTimeout>>(undefined);
  const term = useDebounced(text.trim(), 200);
  const searchable = searchTerm.safeParse(term).success;
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ search: term, limit: 8 }), enabled: open && searchable });
  const contacts = useQuery({
    ...trpc.companyUsers.list.queryOptions({ search: term, limit: 8 }),
    enabled: open && searchable && !props.customersOnly,
  });
  const options: PickedUser[] = [
    ...(customers.data?.items ?? []).map((c) => ({
      type: 'customer' as const,
      id: c.id,
      label: `${c.firstName} ${c.lastName} <${c.email}> — Customer`,
    })),
    ...(contacts.data?.items ?? []).map((u) => ({
      type: 'company_user' as const,
      id: u.id,
      label: `${u.customer.firstName} ${u.customer.lastName} <${u.customer.email}> — Contact at ${u.companyName}`,
    })),
  ];
  const loading = searchable && (customers.isFetching || contacts.isFetching);
  const choose = (user: PickedUser) => {
    props.onChange(user);
    setText('');
    setOpen(false);
  };

  if (props.value) {
    return (
      <div className="field">
        <span className="label" id={`${id}-label`}>
          {props.label}
        </span>
        <div className="picked">
          <span>{props.value.label}</span>
          <button type="button" onClick={() => props.onChange(null)} aria-label={`Remove ${props.value.label}`}>
            Remove
          </button>
        </div>
      </div>
    );
  }
  const listId = `${id}-list`;
  return (
    <div className="field combobox">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-expanded={open && options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        aria-describedby={[props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
        aria-invalid={props.error ? true : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => {
          // Back before the blur's close ran: it must not close the list just opened.
          clearTimeout(closing.current);
          setOpen(true);
        }}
        onBlur={() => {
          closing.current = setTimeout(() => setOpen(false), 150);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, options.length - 1));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter' && open && options[active]) choose(options[active]);
          else if (event.key === 'Escape') setOpen(false);
          else return;
          event.preventDefault();
        }}
      />
      {props.hint && (
        <p id={`${id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
      <ErrorText id={`${id}-error`}>{props.error}</ErrorText>
      <div id={listId} role="listbox" aria-label={`${props.label} matches`} hidden={!open || options.length === 0}>
        {options.map((option, index) => (
          <div
            key={`${option.type}:${option.id}`}
            id={`${listId}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
            onKeyDown={() => undefined}
          >
            {option.label}
          </div>
        ))}
      </div>
      <p className="hint" aria-live="polite">
        {open && text.trim() && !searchTerm.safeParse(text.trim()).success
          ? 'Type a word of at least 3 characters.'
          : loading
            ? 'Searching…'
            : open && searchable && options.length === 0 && !loading
              ? props.customersOnly
                ? 'No customer matches.'
                : 'No customer or contact matches.'
              : ''}
      </p>
    </div>
  );
}
