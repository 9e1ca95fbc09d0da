import { type Policy, SIGNING_ALG, tokenPolicyFor } from '@latchkey/core';
import type { OidcPayloadStore, SessionFacts } from '@latchkey/db';
import type { JWK } from 'jose';
import { type Client, type Configuration, interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { oauthError, refusal } from '../oauth/errors.js';
import { browserSessionUsableBy, loadBrowserSession } from '../subjects/browser-sessions.js';
import { claimsForSession } from '../subjects/claims.js';
import { isUuid } from '../subjects/ids.js';
import { isAnonymousAccount, loginTokenIdOf, subjectForAccount } from '../subjects/subject.js';
import { subjectScope } from '../tokens/scope.js';
import { createAdapterFactory } from './adapter.js';
import type { ClientRegistry, LatchkeyClientMetadata } from './clients.js';
import { renderError } from './render-error.js';

export type ConfigurationDeps = {
  facts: SessionFacts;
  store: OidcPayloadStore;
  clients: ClientRegistry;
  policy: Policy;
  audience: string;
  cookieKeys: string[];
  clock: () => Date;
};

const latchkeyOf = (client: Client | undefined): LatchkeyClientMetadata | undefined =>
  client?.metadata().latchkey as LatchkeyClientMetadata | undefined;

const tokenPolicy = (deps: ConfigurationDeps, client: Client | undefined) =>
  tokenPolicyFor(deps.policy, client?.clientId ?? '', latchkeyOf(client)?.overrides);

/**
 * Whether a client may learn about a token by introspection: a confidential
 * client about its own tokens, and a resource server (canIntrospect, which
 * the bootstrap admin client has) about any. Anyone else hears active: false.
 */
export function mayIntrospect(client: Client, tokenClientId: string | undefined): boolean {
  if (client.clientAuthMethod === 'none') return false;
  return tokenClientId === client.clientId || latchkeyOf(client)?.canIntrospect === true;
}

/**
 * Accounts for oidc-provider's own flows (authorization code): customers,
 * agents and anonymous sessions. A browser session a login link bound to
 * another client has no account for this one (at /auth, and again when a
 * code is redeemed).
 */
async function findAccount(deps: ConfigurationDeps, ctx: KoaContextWithOIDC, sub: string, source?: { sessionUid?: string }) {
  const sessionUid = source?.sessionUid ?? ctx.oidc.entities.Session?.uid;
  if (!ctx.oidc.client || !(await browserSessionUsableBy(deps.store, sessionUid, ctx.oidc.client.clientId))) return undefined;
  if (isAnonymousAccount(sub)) {
    // An anonymous session is its login token's: it ends when the token is revoked or expires.
    const stands = await deps.facts.loginTokenStands(loginTokenIdOf(sub), deps.clock());
    return stands ? { accountId: sub, claims: () => ({ sub }) } : undefined;
  }
  const subjectType = latchkeyOf(ctx.oidc.client)?.subjectType ?? 'customer';
  const person = isUuid(sub) ? await deps.facts.person(subjectType, sub) : null;
  if (person?.status !== 'active') return undefined;
  return {
    accountId: sub,
    claims: () => ({ sub, email: person.email, given_name: person.firstName, family_name: person.lastName }),
  };
}

/** Claims of access tokens minted by oidc-provider's own flows; Latchkey's grants set them themselves. */
async function extraTokenClaims(
  deps: ConfigurationDeps,
  ctx: KoaContextWithOIDC,
  token: { extra?: Record<string, unknown>; accountId?: string; grantId?: string; sessionUid?: string },
) {
  if (token.extra) return token.extra;
  if (!token.accountId) return { sub_type: 'client' };
  const session =
    (await loadBrowserSession(deps.store, token.sessionUid)) ??
    subjectForAccount(token.accountId, latchkeyOf(ctx.oidc.client)?.subjectType ?? 'customer');
  const claims = await claimsForSession(deps.facts, session, deps.clock());
  if (!claims.ok) throw refusal(claims);
  return { ...claims.value, sid: token.grantId };
}

/**
 * Latchkey's clients are all first-party: the browser session a login link
 * or the sign-in page made is consent enough, so an SPA's authorization
 * request is granted the OpenID scopes it asks for and the client's own
 * scopes that its subject may have, without a screen. Admin scopes follow a
 * staff member's roles as they are at each authorization (and at each
 * refresh), so a staff client's grant is made anew every time.
 */
async function loadExistingGrant(deps: ConfigurationDeps, ctx: KoaContextWithOIDC) {
  const { client, session, provider } = ctx.oidc;
  const subjectType = latchkeyOf(client)?.subjectType ?? 'customer';
  const existing = ctx.oidc.result?.consent?.grantId ?? session?.grantIdFor(client!.clientId);
  if (existing && subjectType !== 'agent') return provider.Grant.find(existing);
  if (!session?.accountId) return undefined;
  const claims = await claimsForSession(deps.facts, subjectForAccount(session.accountId, subjectType), deps.clock());
  if (!claims.ok) return undefined;
  const grant = new provider.Grant({ clientId: client!.clientId, accountId: session.accountId });
  grant.addOIDCScope([...ctx.oidc.requestParamOIDCScopes].join(' '));
  const scopes = latchkeyOf(client)?.scopes ?? [];
  const permitted = subjectScope(scopes.join(' '), claims.value, deps.policy.loginToken.anonymousScopes);
  grant.addResourceScope(deps.audience, permitted);
  // Turned down rather than left out, so oidc-provider does not ask for consent to them: they are simply not granted.
  const turnedDown = scopes.filter((scope) => !permitted.split(' ').includes(scope));
  if (turnedDown.length > 0) grant.rejectResourceScope(deps.audience, turnedDown.join(' '));
  await grant.save();
  return grant;
}

/**
 * oidc-provider's prompts, plus one: a browser session whose account does
 * not resolve for this client (a disabled customer, a customer at a staff
 * client, a login link's session at another client) is no sign-in. Without
 * it oidc-provider goes on to consent with no grant and fails with a 500;
 * with it the answer is login_required (prompt=none) or the sign-in page.
 */
function interactionPrompts() {
  const prompts = interactionPolicy.base();
  prompts
    .get('login')!
    .checks.add(
      new interactionPolicy.Check('account_unavailable', 'the signed-in account cannot be used by this client', 'login_required', (ctx) =>
        ctx.oidc.session?.accountId && !ctx.oidc.account
          ? interactionPolicy.Check.REQUEST_PROMPT
          : interactionPolicy.Check.NO_NEED_TO_PROMPT,
      ),
    );
  return prompts;
}

/** oidc-provider's configuration for Latchkey: every value chosen, nothing left to its development defaults. */
export function providerConfiguration(deps: ConfigurationDeps, keys: JWK[]): Configuration {
  const { policy, audience } = deps;
  return {
    adapter: createAdapterFactory(deps.store, deps.clients),
    jwks: { keys } as Configuration['jwks'],
    clientDefaults: { grant_types: [], response_types: [], token_endpoint_auth_method: 'none', id_token_signed_response_alg: SIGNING_ALG },
    // Confidential clients are registered for client_secret_basic (clients.ts). oidc-provider takes a secret
    // from the body as well as the header for either method; leaving client_secret_post out enforces the one.
    clientAuthMethods: ['client_secret_basic', 'none'],
    enabledJWA: {
      idTokenSigningAlgValues: [SIGNING_ALG],
      clientAuthSigningAlgValues: [SIGNING_ALG],
      requestObjectSigningAlgValues: [SIGNING_ALG],
      userinfoSigningAlgValues: [SIGNING_ALG],
      introspectionSigningAlgValues: [SIGNING_ALG],
      authorizationSigningAlgValues: [SIGNING_ALG],
    },
    extraClientMetadata: { properties: ['latchkey'] },
    cookies: {
      keys: deps.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: {
        enabled: true,
        // RFC 7662 §2.1: only authenticated (confidential) clients, about their own tokens or as a resource server.
        allowedPolicy: (_ctx, client, token) => mayIntrospect(client, token.clientId),
      },
      revocation: {
        enabled: true,
        // A client revokes its own tokens only; another client's is refused and left alone (RFC 7009 §2.1).
        allowedPolicy: (_ctx, client, token) => {
          if (token.clientId !== client.clientId) throw oauthError('token_not_owned', 'the token was issued to another client');
          return true;
        },
      },
      rpInitiatedLogout: { enabled: false },
      userinfo: { enabled: false },
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator, client) => {
          if (indicator !== audience) throw oauthError('target_unknown', 'resource indicator is missing, or unknown');
          return {
            scope: latchkeyOf(client)?.scopes.join(' ') ?? '',
            audience,
            accessTokenTTL: tokenPolicy(deps, client).accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    pkce: { required: () => true },
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access'],
    clientBasedCORS: (_ctx, origin, client) => latchkeyOf(client)?.corsOrigins.includes(origin) ?? false,
    ttl: {
      AccessToken: (_ctx, _token, client) => tokenPolicy(deps, client).accessTokenTtlSeconds,
      ClientCredentials: (_ctx, _token, client) => tokenPolicy(deps, client).accessTokenTtlSeconds,
      RefreshToken: (_ctx, _token, client) => tokenPolicy(deps, client).refreshTokenIdleTtlSeconds,
      Grant: (ctx) => tokenPolicy(deps, ctx.oidc.client).refreshTokenAbsoluteTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: policy.loginToken.browserSessionTtlSeconds,
    },
    extraTokenClaims: (ctx, token) => extraTokenClaims(deps, ctx, token as never),
    findAccount: (ctx, sub, source) => findAccount(deps, ctx, sub, source as { sessionUid?: string } | undefined),
    loadExistingGrant: (ctx) => loadExistingGrant(deps, ctx),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy: interactionPrompts() },
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    renderError,
    clockTolerance: 5,
  };
}
