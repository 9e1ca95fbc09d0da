import { createClientInput } from '@latchkey/api/schemas';
import type { RouterInputs } from '@latchkey/client';
import { GRANT_TYPES } from '@latchkey/core/protocol';
import { apiResolver, lines } from '../../components/api-resolver';

export type ClientFormValues = {
  id: string;
  name: string;
  type: 'public' | 'confidential';
  subjectType: 'customer' | 'agent';
  grantTypes: string[];
  scopes: string;
  redirectUris: string;
  corsOrigins: string;
  loginUrl: string;
  landingUrl: string;
  loginLinkSecret: string;
};

export const EMPTY_CLIENT: ClientFormValues = {
  id: '',
  name: '',
  type: 'confidential',
  subjectType: 'customer',
  grantTypes: ['client_credentials'],
  scopes: '',
  redirectUris: '',
  corsOrigins: '',
  loginUrl: '',
  landingUrl: '',
  loginLinkSecret: '',
};

export { GRANT_TYPES };

/** What clients.create is asked for the form's values; empty fields are left out. */
export function toCreateClientInput(values: ClientFormValues): RouterInputs['clients']['create'] {
  return {
    ...(values.id.trim() ? { id: values.id.trim() } : {}),
    name: values.name,
    type: values.type,
    subjectType: values.subjectType,
    grantTypes: values.grantTypes as RouterInputs['clients']['create']['grantTypes'],
    scopes: lines(values.scopes),
    redirectUris: lines(values.redirectUris),
    corsOrigins: lines(values.corsOrigins),
    ...(values.loginUrl.trim() ? { loginUrl: values.loginUrl.trim() } : {}),
    ...(values.landingUrl.trim() ? { landingUrl: values.landingUrl.trim() } : {}),
    ...(values.loginLinkSecret ? { loginLinkSecret: values.loginLinkSecret } : {}),
  };
}

export const clientResolver = apiResolver<ClientFormValues, typeof createClientInput>(createClientInput, toCreateClientInput);
