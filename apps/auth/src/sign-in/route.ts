import { type Decision, ok } from '@latchkey/core';
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { AuthDeps } from '../deps.js';
import { type Authenticated, authenticate } from '../login/authenticate.js';
import { establishBrowserSession } from '../login-links/browser-session.js';
import { customerSessionFrom } from '../subjects/customer-session.js';
import { accountIdOf, type Subject } from '../subjects/subject.js';
import { createCsrf } from './csrf.js';
import { readForm, signInForm } from './form.js';
import { refusalView } from './messages.js';
import { STYLESHEET, STYLESHEET_PATH, signInPage, signInProblemPage } from './page.js';

const PAGE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|abort))?$/;

// No script may run on the page, no one may frame it, nothing leaks through the Referer.
const SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const EXPIRED = ['Sign-in expired', 'This sign-in page has expired. Go back to the application and start signing in again.'] as const;

function html(ctx: Context, status: number, body: string): void {
  ctx.set(SECURITY_HEADERS);
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = body;
}

/** The session a sign-in starts; a customer's default company user was read with the lockout settlement. */
function sessionFor({ directory, row, facts }: Authenticated): Decision<Subject> {
  if (directory === 'agent') return ok({ subject: 'agent', agentId: row.id });
  const started = customerSessionFrom(facts ?? null, row.id, undefined);
  return started.ok ? ok(started.value.session) : started;
}

/**
 * The sign-in page of the authorization code flow (oidc-provider's login
 * interaction): e-mail and password for the client's directory, checked by
 * the same authenticate() as the password grant (lockout, equal cost for an
 * unknown user, rehash). On success the browser gets a new session (never
 * one fixed by someone else) and goes back to the authorization request.
 */
export function signInRoute(deps: AuthDeps, provider: () => Provider): Middleware {
  const csrf = createCsrf(deps.secretBox.deriveKey('sign-in-csrf'));

  async function interactionOf(ctx: Context, uid: string) {
    const interaction = await provider()
      .interactionDetails(ctx.req, ctx.res)
      .catch(() => null);
    return interaction?.uid === uid ? interaction : null;
  }

  async function finish(ctx: Context, result: Record<string, unknown>) {
    ctx.set(SECURITY_HEADERS);
    ctx.respond = false;
    await provider().interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  }

  return async (ctx, next) => {
    if (ctx.path === STYLESHEET_PATH && ctx.method === 'GET') {
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.type = 'text/css';
      ctx.body = STYLESHEET;
      return;
    }
    const match = PAGE.exec(ctx.path);
    if (!match) return next();
    const [, uid, action] = match as unknown as [string, string, 'login' | 'abort' | undefined];
    if (ctx.method !== (action ? 'POST' : 'GET')) {
      ctx.set('Allow', action ? 'POST' : 'GET');
      return html(ctx, 405, signInProblemPage('Not allowed', 'This address does not answer that kind of request.'));
    }

    const interaction = await interactionOf(ctx, uid);
    if (!interaction) return html(ctx, 400, signInProblemPage(...EXPIRED));
    const client = await deps.clients.get(String(interaction.params.client_id ?? ''));
    if (!client) return html(ctx, 400, signInProblemPage(...EXPIRED));
    // Latchkey grants consent itself (provider/configuration.ts); a consent prompt means the subject may not have tokens.
    if (interaction.prompt.name !== 'login')
      return finish(ctx, { error: 'access_denied', error_description: 'the account cannot sign in' });
    const view = { uid, csrf: csrf.tokenFor(uid), clientName: client.name, directory: client.subjectType };

    if (!action) {
      const hint = interaction.params.login_hint;
      return html(ctx, 200, signInPage({ ...view, email: typeof hint === 'string' ? hint.slice(0, 320) : '' }));
    }

    const fields = signInForm.safeParse(await readForm(ctx.req));
    if (!fields.success || !csrf.matches(uid, fields.data.csrf)) {
      return html(
        ctx,
        403,
        signInProblemPage('Sign-in refused', 'The form could not be verified. Go back to the application and start again.'),
      );
    }
    if (action === 'abort') return finish(ctx, { error: 'access_denied', error_description: 'the sign-in was cancelled' });

    const { email, password } = fields.data;
    if (!email.trim() || !password)
      return html(ctx, 400, signInPage({ ...view, email, error: 'Enter your e-mail address and your password.' }));
    const authenticated = await authenticate(deps, ctx, { directory: client.subjectType, username: email, password, session: 'default' });
    const session = authenticated.ok ? sessionFor(authenticated.value) : authenticated;
    if (!session.ok) {
      const refusal = refusalView(session);
      if ('retryAfterSeconds' in session && session.retryAfterSeconds) ctx.set('Retry-After', String(session.retryAfterSeconds));
      return html(ctx, refusal.status, signInPage({ ...view, email, error: refusal.message }));
    }
    const accountId = accountIdOf(session.value);
    await establishBrowserSession(provider(), ctx, deps, {
      session: session.value,
      ttlSeconds: deps.policy.loginToken.browserSessionTtlSeconds,
      boundToClient: null,
      amr: ['pwd'],
    });
    return finish(ctx, { login: { accountId, amr: ['pwd'], ts: Math.floor(deps.clock().getTime() / 1000) } });
  };
}
