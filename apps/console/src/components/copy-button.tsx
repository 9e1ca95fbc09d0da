import { useState } from 'react';

/** Copies a value to the clipboard and says so (politely, for screen readers too). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(value).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <>
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span aria-live="polite" className="hint">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copying failed: select the text and copy it' : ''}
      </span>
    </>
  );
}
