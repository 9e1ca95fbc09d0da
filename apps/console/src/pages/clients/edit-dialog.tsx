import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { ErrorText, FormActions, FormError, SelectField, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';
import { type ClientEditValues, clientEditResolver, clientEditValues, TTL_LABELS, TTLS, toUpdateClientInput } from './client-edit-form';
import { AddressField, GrantTypesField, SubjectTypeField } from './client-fields';
import { LoginLinkSecretDialog } from './login-link-dialog';

type Client = RouterOutputs['clients']['list']['items'][number];

/** Every setting clients.update takes, checked as typed with its schema; a new login-link secret is made and shown in a dialog of its own. */
export function EditClientDialog({ client, onClose }: { client: Client; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<ClientEditValues>({ resolver: clientEditResolver, mode: 'onChange', defaultValues: clientEditValues(client) });
  const update = useMutation(trpc.clients.update.mutationOptions());
  const [loginLink, setLoginLink] = useState(false);
  const errors = form.formState.errors;
  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(toUpdateClientInput(client.id, values));
      await queryClient.invalidateQueries({ queryKey: trpc.clients.pathKey() });
      onClose();
    } catch (error) {
      showServerErrors(form, error, (path) => path.split('.')[0]);
    }
  });
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Edit client ${client.id}`}
      description={`A ${client.type} client: its type decides whether it has a secret, and does not change.`}
      wide
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset>
          <legend>General</legend>
          <TextField label="Name" error={errors.name?.message} {...form.register('name')} />
          <SelectField label="Status" error={errors.status?.message} {...form.register('status')}>
            <option value="active">Active</option>
            <option value="disabled">Disabled (gets no tokens)</option>
          </SelectField>
          <SubjectTypeField registration={form.register('subjectType')} error={errors.subjectType?.message} />
          <GrantTypesField registration={form.register('grantTypes')} error={errors.grantTypes?.message} />
          <TextField label="Scopes" hint="Separated by spaces." error={errors.scopes?.message} {...form.register('scopes')} />
        </fieldset>
        <fieldset>
          <legend>Redirects and origins</legend>
          <AddressField name="redirectUris" registration={form.register('redirectUris')} error={errors.redirectUris?.message} />
          <AddressField
            name="postLogoutRedirectUris"
            registration={form.register('postLogoutRedirectUris')}
            error={errors.postLogoutRedirectUris?.message}
          />
          <AddressField name="corsOrigins" registration={form.register('corsOrigins')} error={errors.corsOrigins?.message} />
          <AddressField name="baseUrl" registration={form.register('baseUrl')} error={errors.baseUrl?.message} />
          <AddressField
            name="redirectAllowList"
            registration={form.register('redirectAllowList')}
            error={errors.redirectAllowList?.message}
          />
          <AddressField name="loginUrl" registration={form.register('loginUrl')} error={errors.loginUrl?.message} />
          <AddressField name="landingUrl" registration={form.register('landingUrl')} error={errors.landingUrl?.message} />
          <AddressField name="logoutPath" registration={form.register('logoutPath')} error={errors.logoutPath?.message} />
        </fieldset>
        <fieldset>
          <legend>BigCommerce</legend>
          <TextField label="Store hash" error={errors.storeHash?.message} {...form.register('storeHash')} />
          <TextField
            label="Channel ids"
            hint="Separated by commas; 1 is the store's default storefront."
            error={errors.channelIds?.message}
            {...form.register('channelIds')}
          />
        </fieldset>
        <fieldset>
          <legend>Login-link secret</legend>
          <p className="hint">
            {client.hasLoginLinkSecret
              ? 'Set: the shop signs login JWTs with it. It is never shown again; a new one replaces it.'
              : 'None: signed login JWTs for this client are refused.'}
          </p>
          <button type="button" onClick={() => setLoginLink(true)}>
            {client.hasLoginLinkSecret ? 'Rotate login-link secret' : 'Generate login-link secret'}
          </button>
        </fieldset>
        <fieldset>
          <legend>Tokens</legend>
          {TTLS.map((key) => (
            <TextField
              key={key}
              label={TTL_LABELS[key]}
              inputMode="numeric"
              hint="Empty: the policy's."
              error={errors[key]?.message}
              {...form.register(key)}
            />
          ))}
          <label className="check">
            <input type="checkbox" {...form.register('loginTokenDefault')} />
            The client a login token is for when its creator names none
          </label>
          <label className="check">
            <input type="checkbox" {...form.register('canIntrospect')} />
            May introspect every client's tokens (a resource server)
          </label>
          <ErrorText>{errors.canIntrospect?.message}</ErrorText>
        </fieldset>
        <FormError error={update.error} />
        <FormActions onCancel={onClose} submit="Save" pending={update.isPending} />
      </form>
      {loginLink && <LoginLinkSecretDialog client={client} onClose={() => setLoginLink(false)} />}
    </Dialog>
  );
}
