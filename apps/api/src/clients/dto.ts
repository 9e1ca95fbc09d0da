import type { OAuthClient } from '@latchkey/db';
import { iso, isoOrNull } from '../lib/dates.js';

/** A client as answered: no secret hash, no login-link secret, only whether they exist. */
export type ClientDto = {
  id: string;
  name: string;
  type: 'public' | 'confidential';
  subjectType: 'customer' | 'agent';
  status: 'active' | 'disabled';
  grantTypes: string[];
  scopes: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  corsOrigins: string[];
  hasSecret: boolean;
  secretRotatedAt: string | null;
  hasLoginLinkSecret: boolean;
  baseUrl: string | null;
  redirectAllowList: string[];
  landingUrl: string | null;
  loginUrl: string | null;
  storeHash: string | null;
  channelIds: number[];
  logoutPath: string | null;
  loginTokenDefault: boolean;
  canIntrospect: boolean;
  accessTokenTtlSeconds: number | null;
  refreshTokenIdleTtlSeconds: number | null;
  refreshTokenAbsoluteTtlSeconds: number | null;
  refreshReuseGraceSeconds: number | null;
  createdAt: string;
  updatedAt: string;
};

// Field by field, so a secret column added to the table later is not answered by accident.
export const toClientDto = (row: OAuthClient): ClientDto => ({
  id: row.id,
  name: row.name,
  type: row.type,
  subjectType: row.subjectType,
  status: row.status,
  grantTypes: row.grantTypes,
  scopes: row.scopes,
  redirectUris: row.redirectUris,
  postLogoutRedirectUris: row.postLogoutRedirectUris,
  corsOrigins: row.corsOrigins,
  hasSecret: row.secretHash !== null,
  secretRotatedAt: isoOrNull(row.secretRotatedAt),
  hasLoginLinkSecret: row.loginLinkSecretEnc !== null,
  baseUrl: row.baseUrl,
  redirectAllowList: row.redirectAllowList,
  landingUrl: row.landingUrl,
  loginUrl: row.loginUrl,
  storeHash: row.storeHash,
  channelIds: row.channelIds,
  logoutPath: row.logoutPath,
  loginTokenDefault: row.loginTokenDefault,
  canIntrospect: row.canIntrospect,
  accessTokenTtlSeconds: row.accessTokenTtlSeconds,
  refreshTokenIdleTtlSeconds: row.refreshTokenIdleTtlSeconds,
  refreshTokenAbsoluteTtlSeconds: row.refreshTokenAbsoluteTtlSeconds,
  refreshReuseGraceSeconds: row.refreshReuseGraceSeconds,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
