import { forwardRef, type ReactNode, type SelectHTMLAttributes, useId } from 'react';
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';
import { fieldErrors, issuePaths, messageOf } from '../errors';

/**
 * Puts the API's zod issues on the form's fields (by their whole path, so
 * `permissions.1.key` lands on that row); answers whether any landed.
 */
export function showServerErrors<Values extends FieldValues>(
  form: UseFormReturn<Values>,
  error: unknown,
  fieldOf: (apiPath: string) => string | undefined = (path) => path,
): boolean {
  let landed = false;
  for (const [path, message] of Object.entries(issuePaths(error))) {
    const field = fieldOf(path) ?? fieldOf(path.split('.')[0]!);
    if (!field) continue;
    form.setError(field as Path<Values>, { message });
    landed = true;
  }
  return landed;
}

/** An error said where it belongs (beside its field, or under its action); nothing when there is none. */
export function ErrorText({ id, children }: { id?: string | undefined; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="error" role="alert">
      {children}
    </p>
  );
}

/** A failed action (a mutation outside a form), said in words. */
export function ActionError({ error }: { error: unknown }) {
  return error ? <ErrorText>{messageOf(error)}</ErrorText> : null;
}

/** A mutation's failure that concerns no one field, said in words (a field's own issue is shown beside it). */
export function FormError({ error }: { error: unknown }) {
  if (!error || Object.keys(fieldErrors(error)).length > 0) return null;
  return <ErrorText>{messageOf(error)}</ErrorText>;
}

/** Cancel and the submit button of a dialog's form. */
export function FormActions({ onCancel, submit, pending }: { onCancel: () => void; submit: string; pending: boolean }) {
  return (
    <div className="actions">
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? 'Saving…' : submit}
      </button>
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string | undefined; children: ReactNode };

/** A labelled select with its error tied to it. */
export const SelectField = forwardRef<HTMLSelectElement, SelectProps>(function SelectField({ label, error, children, ...select }, ref) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} ref={ref} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...select}>
        {children}
      </select>
      <ErrorText id={`${id}-error`}>{error}</ErrorText>
    </div>
  );
});
