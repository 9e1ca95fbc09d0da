import { useSearch } from '../router';

/** A list screen's state in the URL: the search term (`q`) and the cursor of the page shown. */
export function useSearchList() {
  const [params, setParams] = useSearch();
  const q = params.get('q') ?? '';
  const cursor = params.get('cursor') || null;
  const set = (next: { q?: string; cursor?: string | null }) => {
    const out = new URLSearchParams();
    const term = next.q ?? q;
    if (term) out.set('q', term);
    const c = 'cursor' in next ? next.cursor : null;
    if (c) out.set('cursor', c);
    setParams(out, { replace: next.q !== undefined });
  };
  return {
    q,
    cursor,
    setSearch: (value: string) => set({ q: value, cursor: null }),
    setCursor: (value: string | null) => set({ cursor: value }),
  };
}
