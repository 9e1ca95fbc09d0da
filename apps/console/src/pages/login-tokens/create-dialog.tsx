import { zodResolver } from '@hookform/resolvers/zod';
import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useAuth } from '../../auth/auth-context';
import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';
import { FormError } from '../../components/form';
import { fieldErrors } from '../../errors';
import { useTRPC } from '../../trpc';
import { TokenFields } from './token-fields';
import { EMPTY_FORM, fieldOf, type TokenFormValues, toCreateInput, tokenFormSchema } from './token-form';

type Created = RouterOutputs['loginTokens']['create'];

const schema = tokenFormSchema('create');

/** The seed's New Login Token dialog; after Save it shows the token once, with its login link. */
export function CreateTokenDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { config } = useAuth();
  const [created, setCreated] = useState<Created | null>(null);
  const form = useForm<TokenFormValues>({ resolver: zodResolver(schema), mode: 'onChange', defaultValues: EMPTY_FORM });
  const create = useMutation(trpc.loginTokens.create.mutationOptions());

  const close = (next: boolean) => {
    if (next) return;
    onOpenChange(false);
    setCreated(null);
    create.reset();
    form.reset(EMPTY_FORM);
  };

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      setCreated(await create.mutateAsync(toCreateInput(values)));
      await queryClient.invalidateQueries({ queryKey: trpc.loginTokens.pathKey() });
    } catch (error) {
      for (const [field, message] of Object.entries(fieldErrors(error))) {
        const name = fieldOf(field);
        if (name) form.setError(name, { message });
      }
    }
  });

  if (created) {
    const link = `${config.issuer.replace(/\/+$/, '')}/login/token/${created.token}`;
    return (
      <Dialog open={open} onOpenChange={close} title="Login token created" description="Copy the token or its login link now.">
        <div className="field">
          <label htmlFor="created-token">Token</label>
          <div className="row">
            <input id="created-token" readOnly value={created.token} className="mono" />
            <CopyButton value={created.token} label="Copy token" />
          </div>
        </div>
        <div className="field">
          <label htmlFor="created-link">Login link</label>
          <div className="row">
            <input id="created-link" readOnly value={link} className="mono" />
            <CopyButton value={link} label="Copy link" />
          </div>
        </div>
        <div className="actions">
          <button type="button" className="primary" onClick={() => close(false)}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog open={open} onOpenChange={close} title="New Login Token">
      {/* handleSubmit settles its own promise: the mutation's failure is shown beside its field. */}
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TokenFields control={form.control} register={form.register} errors={form.formState.errors} />
        <FormError error={create.error} />
        <div className="actions">
          <button type="button" onClick={() => close(false)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
