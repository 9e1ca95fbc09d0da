import { type AnchorHTMLAttributes, type MouseEvent, useCallback, useSyncExternalStore } from 'react';
import { BASE } from './config';

// A few lines of history API instead of a router library: the console has a
// flat set of screens, and its state (filters, sort, cursor) is the search string.
const listeners = new Set<() => void>();
const notify = () => {
  for (const listener of listeners) listener();
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Goes to a path inside the console ("/login-tokens?..."), or replaces the current entry. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = to.startsWith(BASE) ? to : `${BASE}${to}`;
  if (options.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  notify();
}

/** The path inside the console, e.g. "/login-tokens". */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname.slice(BASE.length) || '/');
}

/** The search params and a setter that keeps the path (replace: no history entry for each keystroke). */
export function useSearch(): [URLSearchParams, (next: URLSearchParams, options?: { replace?: boolean }) => void] {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  const set = useCallback((next: URLSearchParams, options: { replace?: boolean } = {}) => {
    const query = next.toString();
    navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, options);
  }, []);
  return [new URLSearchParams(search), set];
}

export function Link({ to, ...props }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={`${BASE}${to}`} onClick={onClick} />;
}
