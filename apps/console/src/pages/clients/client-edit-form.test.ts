import { describe, expect, it } from 'vitest';
import { type ClientEditValues, clientEditResolver, newLoginLinkSecret, toUpdateClientInput } from './client-edit-form';

const options = { fields: {}, shouldUseNativeValidation: false } as Parameters<typeof clientEditResolver>[2];
const VALUES: ClientEditValues = {
  name: 'Shop',
  status: 'active',
  subjectType: 'customer',
  grantTypes: ['password', 'refresh_token'],
  scopes: 'storefront punchout',
  redirectUris: 'https://shop.example.com/callback\n',
  postLogoutRedirectUris: '',
  corsOrigins: 'https://shop.example.com',
  redirectAllowList: '',
  baseUrl: 'https://shop.example.com',
  loginUrl: '',
  landingUrl: ' ',
  logoutPath: '/login.php?action=logout',
  storeHash: 'abc123',
  channelIds: '1, 2',
  loginTokenDefault: false,
  canIntrospect: false,
  accessTokenTtlSeconds: '300',
  refreshTokenIdleTtlSeconds: '',
  refreshTokenAbsoluteTtlSeconds: '',
  refreshReuseGraceSeconds: '',
};

describe('the client edit form', () => {
  it('sends every setting: lists split, emptied ones as null or [], numbers as numbers', () => {
    expect(toUpdateClientInput('shop', VALUES)).toEqual({
      id: 'shop',
      name: 'Shop',
      status: 'active',
      subjectType: 'customer',
      grantTypes: ['password', 'refresh_token'],
      scopes: ['storefront', 'punchout'],
      redirectUris: ['https://shop.example.com/callback'],
      postLogoutRedirectUris: [],
      corsOrigins: ['https://shop.example.com'],
      redirectAllowList: [],
      baseUrl: 'https://shop.example.com',
      loginUrl: null,
      landingUrl: null,
      logoutPath: '/login.php?action=logout',
      storeHash: 'abc123',
      channelIds: [1, 2],
      loginTokenDefault: false,
      canIntrospect: false,
      accessTokenTtlSeconds: 300,
      refreshTokenIdleTtlSeconds: null,
      refreshTokenAbsoluteTtlSeconds: null,
      refreshReuseGraceSeconds: null,
    });
  });

  it("puts the API schema's issues on the fields they name", async () => {
    const result = await clientEditResolver(
      { ...VALUES, channelIds: '1, two', storeHash: 'e2e-store', logoutPath: '//evil.example', corsOrigins: 'https://a.example/' },
      undefined,
      options,
    );
    expect(Object.keys(result.errors).sort()).toEqual(['channelIds', 'corsOrigins', 'logoutPath', 'storeHash']);
    expect((await clientEditResolver(VALUES, undefined, options)).errors).toEqual({});
  });

  it('makes login-link secrets of 43 base64url characters, a new one each time', () => {
    const secret = newLoginLinkSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newLoginLinkSecret()).not.toBe(secret);
  });
});
