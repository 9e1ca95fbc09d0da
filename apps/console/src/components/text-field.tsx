import { forwardRef, type InputHTMLAttributes, useId } from 'react';
import { ErrorText } from './form';

type Props = InputHTMLAttributes<HTMLInputElement & HTMLTextAreaElement> & {
  label: string;
  hint?: string;
  error?: string | undefined;
  multiline?: boolean;
};

/** A labelled text input (or textarea) with its hint and error tied to it for screen readers. */
export const TextField = forwardRef<HTMLInputElement & HTMLTextAreaElement, Props>(function TextField(
  { label, hint, error, multiline, ...input },
  ref,
) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const shared = { id, ref, 'aria-invalid': error ? true : undefined, 'aria-describedby': described, ...input };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={2} {...shared} /> : <input type={input.type ?? 'text'} {...shared} />}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <ErrorText id={`${id}-error`}>{error}</ErrorText>
    </div>
  );
});
