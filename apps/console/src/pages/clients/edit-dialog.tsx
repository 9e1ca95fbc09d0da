import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Dialog } from '../../components/dialog';
import { FormActions, FormError, SelectField, showServerErrors } from '../../components/form';
import { TextField } from '../../components/text-field';
import { useTRPC } from '../../trpc';
import { type ClientEditValues, clientEditResolver, clientEditValues, TTL_LABELS, TTLS, toUpdateClientInput } from './client-edit-form';
import { GRANT_TYPES } from './client-form';
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
          <SelectField label="Signs in" error={errors.subjectType?.message} {...form.register('subjectType')}>
            <option value="customer">Customers (a storefront)</option>
            <option value="agent">Staff and agents</option>
          </SelectField>
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
        </fieldset>
        <fieldset>
          <legend>Redirects and origins</legend>
          <TextField
            label="Redirect URIs"
            multiline
            hint="One a line."
            error={errors.redirectUris?.message}
            {...form.register('redirectUris')}
          />
          <TextField
            label="Post-logout redirect URIs"
            multiline
            hint="One a line: where a sign-out may return to."
            error={errors.postLogoutRedirectUris?.message}
            {...form.register('postLogoutRedirectUris')}
          />
          <TextField
            label="Allowed origins (CORS)"
            multiline
            hint="One a line: scheme://host[:port]."
            error={errors.corsOrigins?.message}
            {...form.register('corsOrigins')}
          />
          <TextField label="Base URL" hint="The storefront's address." error={errors.baseUrl?.message} {...form.register('baseUrl')} />
          <TextField
            label="Redirect allow list"
            multiline
            hint="One URL a line: where a login link may redirect besides the base URL."
            error={errors.redirectAllowList?.message}
            {...form.register('redirectAllowList')}
          />
          <TextField label="Login URL" error={errors.loginUrl?.message} {...form.register('loginUrl')} />
          <TextField
            label="Landing URL"
            hint="Where a login link lands."
            error={errors.landingUrl?.message}
            {...form.register('landingUrl')}
          />
          <TextField
            label="Logout path"
            hint="A signed login JWT redirecting here logs out instead, e.g. /login.php?action=logout."
            error={errors.logoutPath?.message}
            {...form.register('logoutPath')}
          />
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
          {errors.canIntrospect?.message && (
            <p className="error" role="alert">
              {errors.canIntrospect.message}
            </p>
          )}
        </fieldset>
        <FormError error={update.error} />
        <FormActions onCancel={onClose} submit="Save" pending={update.isPending} />
      </form>
      {loginLink && <LoginLinkSecretDialog client={client} onClose={() => setLoginLink(false)} />}
    </Dialog>
  );
}
