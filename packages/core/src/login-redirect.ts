/** Where a client sends a browser after a login link. */
export type RedirectTargets = {
  /** Base URL that relative `redirect_to` paths resolve against. */
  baseUrl: string | null;
  /** Absolute URLs allowed as targets: same origin, path under the entry's path. */
  allowList: readonly string[];
  /** Where to go when `redirect_to` is missing or not allowed. */
  landingUrl: string | null;
};

const parse = (value: string, base?: string): URL | null => {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
};

const isHttp = (url: URL): boolean => url.protocol === 'https:' || url.protocol === 'http:';

const allowedBy = (target: URL, entry: string): boolean => {
  const allowed = parse(entry);
  if (!allowed || allowed.origin !== target.origin) return false;
  const prefix = allowed.pathname.endsWith('/') ? allowed.pathname : `${allowed.pathname}/`;
  return target.pathname === allowed.pathname || target.pathname.startsWith(prefix);
};

// Only "/path" is relative: "//host", "/\host" and anything with a scheme are not.
const isRelativePath = (value: string): boolean => /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\\]/.test(value);

/**
 * The target with its path normalised: `/.//evil.com` resolves to
 * `https://shop//evil.com`, same origin, but an SPA router may read the
 * path `//evil.com` as a host. Runs of slashes (also written %2F or as
 * backslashes) become one; a path whose percent-encoding does not decode is refused.
 */
function normalised(target: URL): URL | null {
  // After this no two separators, plain or percent-encoded, follow each other, so the decoded path cannot start with two.
  target.pathname = target.pathname.replace(/(?:\/|%2f|%5c|\\)(?:\/|%2f|%5c|\\)+/gi, '/');
  try {
    decodeURIComponent(target.pathname);
  } catch {
    return null; // not percent-encoding any browser or router could read
  }
  return target;
}

function fallback(targets: RedirectTargets): string | null {
  if (targets.landingUrl) return targets.landingUrl;
  return targets.baseUrl ? (parse('/', targets.baseUrl)?.href ?? null) : null;
}

/**
 * Resolves `redirect_to` without ever becoming an open redirect: a relative
 * path stays on the client's base URL, an absolute URL must be allow-listed,
 * anything else falls back to the landing URL (null: no safe target).
 */
export function resolveLoginRedirect(redirectTo: string | null | undefined, targets: RedirectTargets): string | null {
  if (!redirectTo) return fallback(targets);
  if (isRelativePath(redirectTo) && targets.baseUrl) {
    const base = parse(targets.baseUrl);
    const target = parse(redirectTo, targets.baseUrl);
    const safe = target && normalised(target);
    if (base && safe && safe.origin === base.origin) return safe.href;
    return fallback(targets);
  }
  const parsed = parse(redirectTo);
  const target = parsed && normalised(parsed);
  if (target && isHttp(target) && !target.username && !target.password && targets.allowList.some((entry) => allowedBy(target, entry))) {
    return target.href;
  }
  return fallback(targets);
}
