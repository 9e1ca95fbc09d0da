import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Endpoints that talk to clients, not browsers: RFC 6749 §5.2 and its kin
// answer JSON whatever the Accept header asks for.
const JSON_ROUTES = new Set(['token', 'introspection', 'revocation', 'jwks', 'discovery', 'userinfo']);

/** Browser-facing errors: a plain page with the OAuth error, never a stack or a token. */
export const renderError: NonNullable<Configuration['renderError']> = (ctx, out) => {
  ctx.set('Cache-Control', 'no-store');
  if (JSON_ROUTES.has((ctx as KoaContextWithOIDC).oidc?.route ?? '')) {
    ctx.type = 'json';
    ctx.body = out;
    return;
  }
  ctx.type = 'html';
  ctx.body = `<!doctype html><html><head><meta charset="utf-8"><title>Sign-in error</title></head><body><h1>${escapeHtml(out.error)}</h1><p>${escapeHtml(out.error_description)}</p></body></html>`;
};
