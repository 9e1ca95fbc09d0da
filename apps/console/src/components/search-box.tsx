import { useEffect, useState } from 'react';

/** A labelled search field that tells the URL after a pause in typing. */
export function SearchBox({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const timer = setTimeout(() => onChange(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return <input type="search" aria-label={label} placeholder={label} value={text} onChange={(e) => setText(e.target.value)} />;
}
