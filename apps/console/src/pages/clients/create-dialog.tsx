import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { FormActions, FormError, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';
import { AddressField, GrantTypesField, SubjectTypeField } from './client-fields';
import { type ClientFormValues, clientResolver, EMPTY_CLIENT, toCreateClientInput } from './client-form';

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
      showServerErrors(form, error, (path) => path.split('.')[0]);
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
        <SubjectTypeField registration={form.register('subjectType')} error={errors.subjectType?.message} />
        <GrantTypesField registration={form.register('grantTypes')} error={errors.grantTypes?.message} />
        <TextField label="Scopes" hint="Separated by spaces." error={errors.scopes?.message} {...form.register('scopes')} />
        <AddressField name="redirectUris" registration={form.register('redirectUris')} error={errors.redirectUris?.message} />
        <AddressField name="corsOrigins" registration={form.register('corsOrigins')} error={errors.corsOrigins?.message} />
        <AddressField name="loginUrl" registration={form.register('loginUrl')} error={errors.loginUrl?.message} />
        <AddressField name="landingUrl" registration={form.register('landingUrl')} error={errors.landingUrl?.message} />
        <TextField
          label="Login-link secret"
          type="password"
          hint="HS256 key for signed login JWTs, 32 characters or more; stored encrypted, never shown again."
          error={errors.loginLinkSecret?.message}
          {...form.register('loginLinkSecret')}
        />
        <FormError error={create.error} />
        <FormActions onCancel={props.onClose} submit="Create client" pending={create.isPending} />
      </form>
    </Dialog>
  );
}
