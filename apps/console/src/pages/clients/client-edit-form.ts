import { updateClientInput } from '@latchkey/api/schemas';
import type { RouterInputs, RouterOutputs } from '@latchkey/client';
import { apiResolver, lines } from '../../components/api-resolver';

type Client = RouterOutputs['clients']['list']['items'][number];
type UpdateInput = RouterInputs['clients']['update'];

const TTLS = ['accessTokenTtlSeconds', 'refreshTokenIdleTtlSeconds', 'refreshTokenAbsoluteTtlSeconds', 'refreshReuseGraceSeconds'] as const;
type Ttl = (typeof TTLS)[number];

/** A client's settings as the edit dialog holds them: lists one item a line, numbers and URLs as typed ('' = none). */
export type ClientEditValues = {
  name: string;
  status: 'active' | 'disabled';
  subjectType: 'customer' | 'agent';
  grantTypes: string[];
  scopes: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  corsOrigins: string;
  redirectAllowList: string;
  baseUrl: string;
  loginUrl: string;
  landingUrl: string;
  logoutPath: string;
  storeHash: string;
  channelIds: string;
  loginTokenDefault: boolean;
  canIntrospect: boolean;
} & Record<Ttl, string>;

export const TTL_LABELS: Record<Ttl, string> = {
  accessTokenTtlSeconds: 'Access token lifetime (seconds)',
  refreshTokenIdleTtlSeconds: 'Refresh token idle lifetime (seconds)',
  refreshTokenAbsoluteTtlSeconds: 'Refresh token absolute lifetime (seconds)',
  refreshReuseGraceSeconds: 'Refresh reuse grace (seconds)',
};
export { TTLS };

const joined = (list: readonly (string | number)[], separator = '\n') => list.join(separator);
const orEmpty = (value: string | number | null) => (value === null ? '' : String(value));

export function clientEditValues(client: Client): ClientEditValues {
  return {
    name: client.name,
    status: client.status,
    subjectType: client.subjectType,
    grantTypes: client.grantTypes,
    scopes: joined(client.scopes, ' '),
    redirectUris: joined(client.redirectUris),
    postLogoutRedirectUris: joined(client.postLogoutRedirectUris),
    corsOrigins: joined(client.corsOrigins),
    redirectAllowList: joined(client.redirectAllowList),
    baseUrl: orEmpty(client.baseUrl),
    loginUrl: orEmpty(client.loginUrl),
    landingUrl: orEmpty(client.landingUrl),
    logoutPath: orEmpty(client.logoutPath),
    storeHash: orEmpty(client.storeHash),
    channelIds: joined(client.channelIds, ', '),
    loginTokenDefault: client.loginTokenDefault,
    canIntrospect: client.canIntrospect,
    accessTokenTtlSeconds: orEmpty(client.accessTokenTtlSeconds),
    refreshTokenIdleTtlSeconds: orEmpty(client.refreshTokenIdleTtlSeconds),
    refreshTokenAbsoluteTtlSeconds: orEmpty(client.refreshTokenAbsoluteTtlSeconds),
    refreshReuseGraceSeconds: orEmpty(client.refreshReuseGraceSeconds),
  };
}

const textOrNull = (value: string) => (value.trim() ? value.trim() : null);
// '' is no value; anything else is a number or NaN, which the API's schema refuses beside the field.
const numberOrNull = (value: string) => (value.trim() ? Number(value.trim()) : null);

/** What clients.update is asked for the dialog's values: every setting, an emptied one as null or []. */
export function toUpdateClientInput(id: string, values: ClientEditValues): UpdateInput {
  const ttls = Object.fromEntries(TTLS.map((key) => [key, numberOrNull(values[key])])) as Record<Ttl, number | null>;
  return {
    id,
    name: values.name,
    status: values.status,
    subjectType: values.subjectType,
    grantTypes: values.grantTypes as UpdateInput['grantTypes'],
    scopes: lines(values.scopes),
    redirectUris: lines(values.redirectUris),
    postLogoutRedirectUris: lines(values.postLogoutRedirectUris),
    corsOrigins: lines(values.corsOrigins),
    redirectAllowList: lines(values.redirectAllowList),
    baseUrl: textOrNull(values.baseUrl),
    loginUrl: textOrNull(values.loginUrl),
    landingUrl: textOrNull(values.landingUrl),
    logoutPath: textOrNull(values.logoutPath),
    storeHash: textOrNull(values.storeHash),
    channelIds: lines(values.channelIds).map(Number),
    loginTokenDefault: values.loginTokenDefault,
    canIntrospect: values.canIntrospect,
    ...ttls,
  };
}

export const clientEditResolver = apiResolver<ClientEditValues, typeof updateClientInput>(updateClientInput, (values) =>
  toUpdateClientInput('any-client', values),
);

/** A new login-link secret (HS256 key): 32 random bytes, base64url (43 characters; the API asks for 32 or more). */
export function newLoginLinkSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
