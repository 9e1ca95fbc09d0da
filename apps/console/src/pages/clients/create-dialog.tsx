import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { TextField } from '../../components/text-field';
import { fieldErrors, messageOf } from '../../errors';
import { useTRPC } from '../../trpc';
import { type ClientFormValues, clientResolver, EMPTY_CLIENT, GRANT_TYPES, toCreateClientInput } from './client-form';

/** New client: its settings, checked with clients.create's schema; a confidential one's secret is shown next, once. */
export function CreateClientDialog(props: { onClose: () => void; onCreated: (clientId: string, secret: string | null) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<ClientFormValues>({ resolver: clientResolver, mode: 'onChange', defaultValues: EMPTY_CLIENT });
  const create = useMutation(trpc.clients.create.mutationOptions());
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      const { client, clientSecret } = await create.mutateAsync(toCreateClientInput(values));
      await queryClient.invalidateQueries({ queryKey: trpc.clients.pathKey() });
      props.onCreated(client.id, clientSecret);
    } catch (error) {
      for (const [field, message] of Object.entries(fieldErrors(error))) form.setError(field as keyof ClientFormValues, { message });
    }
  });
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()} title="New client" wide>
      {/* handleSubmit settles its own promise: the mutation's failure is shown beside its field. */}
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <TextField label="Name" error={errors.name?.message} {...form.register('name')} />
        <TextField label="Client id" hint="Leave empty for a generated one." error={errors.id?.message} {...form.register('id')} />
        <fieldset className="radios">
          <legend>Type</legend>
          <label className="check">
            <input type="radio" value="confidential" {...form.register('type')} />
            Confidential (a server: gets a secret)
          </label>
          <label className="check">
            <input type="radio" value="public" {...form.register('type')} />
            Public (a browser or app: no secret)
          </label>
        </fieldset>
        <div className="field">
          <label htmlFor="client-subjects">Signs in</label>
          <select id="client-subjects" {...form.register('subjectType')}>
            <option value="customer">Customers (a storefront)</option>
            <option value="agent">Staff and agents</option>
          </select>
        </div>
        <fieldset>
          <legend>Grant types</legend>
          {GRANT_TYPES.map((grant) => (
            <label key={grant} className="check">
              <input type="checkbox" value={grant} {...form.register('grantTypes')} />
              <code>{grant}</code>
            </label>
          ))}
          {errors.grantTypes?.message && (
            <p className="error" role="alert">
              {errors.grantTypes.message}
            </p>
          )}
        </fieldset>
        <TextField label="Scopes" hint="Separated by spaces." error={errors.scopes?.message} {...form.register('scopes')} />
        <TextField
          label="Redirect URIs"
          multiline
          hint="One a line."
          error={errors.redirectUris?.message}
          {...form.register('redirectUris')}
        />
        <TextField
          label="CORS origins"
          multiline
          hint="One a line: scheme://host[:port]."
          error={errors.corsOrigins?.message}
          {...form.register('corsOrigins')}
        />
        <TextField label="Login URL" error={errors.loginUrl?.message} {...form.register('loginUrl')} />
        <TextField
          label="Landing URL"
          hint="Where a login link lands."
          error={errors.landingUrl?.message}
          {...form.register('landingUrl')}
        />
        <TextField
          label="Login-link secret"
          type="password"
          hint="HS256 key for signed login JWTs, 32 characters or more; stored encrypted, never shown again."
          error={errors.loginLinkSecret?.message}
          {...form.register('loginLinkSecret')}
        />
        {create.error && Object.keys(fieldErrors(create.error)).length === 0 && (
          <p className="error" role="alert">
            {messageOf(create.error)}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create client
          </button>
        </div>
      </form>
    </Dialog>
  );
}
