import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useAuth } from '../../auth/auth-context';
import { CopyButton } from '../../components/copy-button';
import { toDay } from '../../components/dates';
import { Dialog } from '../../components/dialog';
import { ActionError, FormError } from '../../components/form';
import { EyeIcon, EyeOffIcon } from '../../components/icons';
import { fieldErrors } from '../../errors';
import { formatDateTime } from '../../format';
import { useTRPC } from '../../trpc';
import type { LoginTokenRow } from './columns';
import { TokenFields } from './token-fields';
import { fieldOf, type TokenFormValues, tokenFormSchema, toUpdateInput } from './token-form';

const schema = tokenFormSchema('update');

function valuesOf(token: LoginTokenRow): TokenFormValues {
  const who = token.subjectName ? `${token.subjectName} <${token.subjectEmail}>` : '';
  return {
    user: token.companyUserId
      ? { type: 'company_user', id: token.companyUserId, label: `${who} — Contact at ${token.companyName}` }
      : token.customerId
        ? { type: 'customer', id: token.customerId, label: `${who} — Customer` }
        : null,
    // The form keeps the last day the token works: the day before the midnight it expires at.
    expiresOn: token.expiresAt ? toDay(new Date(new Date(token.expiresAt).getTime() - 1)) : '',
    extra: token.extra === null ? '' : JSON.stringify(token.extra, null, 2),
    oneTimeUse: token.oneTimeUse,
  };
}

/** The token's value behind an eye icon: loginTokens.reveal (audited), then copy. */
function RevealedId({ token }: { token: LoginTokenRow }) {
  const trpc = useTRPC();
  const { canWrite } = useAuth();
  const [shown, setShown] = useState(false);
  const reveal = useMutation(trpc.loginTokens.reveal.mutationOptions());
  const value = reveal.data?.token;
  const toggle = () => {
    if (!shown && !value) reveal.mutate({ id: token.id });
    setShown(!shown);
  };
  return (
    <div className="field">
      <label htmlFor="token-id">Id</label>
      <div className="row">
        <input id="token-id" readOnly className="mono" type={shown && value ? 'text' : 'password'} value={value ?? '••••••••••••••••'} />
        {canWrite && token.valueKept && (
          <button type="button" onClick={toggle} aria-label={shown ? 'Hide the token' : 'Reveal the token'} aria-pressed={shown}>
            {shown ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        )}
        {shown && value && <CopyButton value={value} label="Copy token" />}
      </div>
      <ActionError error={reveal.error} />
      {!token.valueKept && <p className="hint">This token was made before values were kept: its value cannot be shown.</p>}
    </div>
  );
}

/** The seed's edit dialog: the editable fields, then the read-only Id (revealed on demand) and counters. */
export function EditTokenDialog({ token, onClose }: { token: LoginTokenRow; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canWrite } = useAuth();
  const form = useForm<TokenFormValues>({ resolver: zodResolver(schema), mode: 'onChange', defaultValues: valuesOf(token) });
  const update = useMutation(trpc.loginTokens.update.mutationOptions());

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(toUpdateInput(token.id, values));
      await queryClient.invalidateQueries({ queryKey: trpc.loginTokens.pathKey() });
      onClose();
    } catch (error) {
      for (const [field, message] of Object.entries(fieldErrors(error))) {
        const name = fieldOf(field);
        if (name) form.setError(name, { message });
      }
    }
  });

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={canWrite ? 'Edit login token' : 'Login token'} wide>
      {/* handleSubmit settles its own promise: the mutation's failure is shown beside its field. */}
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset disabled={!canWrite} className="plain">
          <legend className="visually-hidden">Token fields</legend>
          <TokenFields control={form.control} register={form.register} errors={form.formState.errors} />
        </fieldset>
        <RevealedId token={token} />
        <dl className="facts">
          <dt>Record id (for the Ids filter)</dt>
          <dd>
            <code>{token.id}</code>
          </dd>
          <dt>Last accessed at</dt>
          <dd>{formatDateTime(token.lastAccessedAt)}</dd>
          <dt>Successful attempts</dt>
          <dd>{token.successfulAttempts}</dd>
          <dt>Failed attempts</dt>
          <dd>{token.failedAttempts}</dd>
        </dl>
        <FormError error={update.error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            {canWrite ? 'Cancel' : 'Close'}
          </button>
          {canWrite && (
            <button type="submit" className="primary" disabled={update.isPending}>
              {update.isPending ? 'Saving…' : 'Save'}
            </button>
          )}
        </div>
      </form>
    </Dialog>
  );
}
