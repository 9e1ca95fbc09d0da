/** What the sign-in page shows: the client's name, the e-mail typed so far, and at most one message. */
export type SignInView = {
  uid: string;
  csrf: string;
  clientName: string;
  directory: 'customer' | 'agent';
  email?: string;
  error?: string;
};

export const STYLESHEET_PATH = '/interaction/assets/sign-in.css';

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The sign-in form, plain HTML: no script at all (the page's CSP allows
 * none), labels tied to their fields, the error announced as an alert and
 * named by the fields it concerns, and a native form that works with a
 * keyboard and a screen reader as browsers make it.
 */
export function signInPage(view: SignInView): string {
  const e = escapeHtml;
  const error = view.error ? `<p id="sign-in-error" class="error" role="alert">${e(view.error)}</p>` : '';
  const invalid = view.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : '';
  const who = view.directory === 'agent' ? 'staff' : 'customer';
  const action = `/interaction/${e(view.uid)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${view.error ? 'Error: ' : ''}Sign in to ${e(view.clientName)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<h1>Sign in</h1>
<p class="lead">to continue to <strong>${e(view.clientName)}</strong> with your ${who} account.</p>
${error}
<form method="post" action="${action}/login">
<input type="hidden" name="csrf" value="${e(view.csrf)}">
<div class="field">
<label for="email">E-mail address</label>
<input id="email" name="email" type="email" inputmode="email" autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="320" required autofocus value="${e(view.email ?? '')}"${invalid}>
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" maxlength="1024" required${invalid}>
</div>
<button type="submit">Sign in</button>
</form>
<form method="post" action="${action}/abort" class="secondary">
<input type="hidden" name="csrf" value="${e(view.csrf)}">
<button type="submit" class="link">Cancel and go back</button>
</form>
</main>
</body>
</html>`;
}

/** A page for a sign-in that cannot go on (expired, tampered with): what happened and what to do. */
export function signInProblemPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}"></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(message)}</p></main></body>
</html>`;
}

// Contrast of at least 4.5:1 everywhere, a visible focus ring, and text that can grow.
export const STYLESHEET = `
*{box-sizing:border-box}
body{margin:0;font:100%/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#f4f5f7}
main{max-width:26rem;margin:4rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{margin:0 0 .25rem;font-size:1.5rem}
.lead{margin:0 0 1.5rem;color:#4a4a4a}
.field{margin-bottom:1rem}
label{display:block;font-weight:600;margin-bottom:.25rem}
input{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #6b6b6b;border-radius:.25rem}
input[aria-invalid="true"]{border-color:#b00020}
button{width:100%;padding:.7rem;font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:.25rem;cursor:pointer}
button:hover{background:#1e40af}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.error{padding:.75rem;margin:0 0 1rem;color:#7a0014;background:#fde8ec;border:1px solid #b00020;border-radius:.25rem}
.secondary{margin-top:1rem}
button.link{background:none;color:#1d4ed8;text-decoration:underline;font-weight:400;padding:.25rem}
`;
