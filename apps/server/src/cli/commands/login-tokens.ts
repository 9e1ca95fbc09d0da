import { type Command, EXIT, print, printPage, text, UsageError } from '../command.js';
import { connectAdmin } from '../connect.js';

const expiry = (value: string | undefined): Date | null | undefined => {
  if (value === undefined) return undefined;
  if (value === 'never') return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--expires-at: not a date: ${value} (an ISO 8601 time, or "never")`);
  return at;
};

export const loginTokensCreate: Command = {
  words: 'login-tokens create',
  summary: 'make a login token for a customer, a company user or nobody (anonymous); shown once, with its link',
  usage: `latchkey login-tokens create [--client <id>] [--customer <id> | --company-user <id>] [--expires-at <ISO time>|never]
      [--multi-use] [--extra <JSON>]`,
  options: {
    client: { type: 'string' },
    customer: { type: 'string' },
    'company-user': { type: 'string' },
    'expires-at': { type: 'string' },
    'multi-use': { type: 'boolean' },
    extra: { type: 'string' },
  },
  async run({ values }, deps, json) {
    let extra: unknown;
    if (text(values.extra) !== undefined) {
      try {
        extra = JSON.parse(text(values.extra) ?? '');
      } catch {
        throw new UsageError('--extra: not JSON');
      }
    }
    const expiresAt = expiry(text(values['expires-at']));
    const admin = await connectAdmin(deps);
    const created = await admin.loginTokens.create.mutate({
      ...(text(values.client) ? { clientId: text(values.client) } : {}),
      ...(text(values.customer) ? { customerId: text(values.customer) } : {}),
      ...(text(values['company-user']) ? { companyUserId: text(values['company-user']) } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(values['multi-use'] ? { oneTimeUse: false } : {}),
      ...(extra !== undefined ? { extra: extra as never } : {}),
    });
    const issuer = (deps.env.LATCHKEY_ISSUER ?? `http://localhost:${deps.env.LATCHKEY_AUTH_PORT ?? '4000'}`).replace(/\/+$/, '');
    const link = `${issuer}/login/token/${created.token}`;
    print(deps, json, { ...created, link }, () => [
      `created login token ${created.id} (${created.subjectType}, client ${created.clientId}, expires ${created.expiresAt ?? 'never'})`,
      `token (shown this once): ${created.token}`,
      `login link: ${link}`,
    ]);
    return EXIT.ok;
  },
};

export const loginTokensList: Command = {
  words: 'login-tokens list',
  summary: 'list login tokens, newest first (never their values)',
  usage: 'latchkey login-tokens list [--client <id>] [--customer <id>] [--limit <n>]',
  options: { client: { type: 'string' }, customer: { type: 'string' }, limit: { type: 'string', default: '50' } },
  async run({ values }, deps, json) {
    const admin = await connectAdmin(deps);
    const page = await admin.loginTokens.list.query({
      ...(text(values.client) ? { clientId: text(values.client) } : {}),
      ...(text(values.customer) ? { customerId: text(values.customer) } : {}),
      limit: Number(text(values.limit)),
    });
    printPage(
      deps,
      json,
      page,
      (t) =>
        `${t.id}\t${t.subjectType}\t${t.subjectEmail ?? '-'}\t${t.clientId}\texpires ${t.expiresAt ?? 'never'}\t${t.revoked ? 'revoked' : 'active'}`,
      'no login tokens',
    );
    return EXIT.ok;
  },
};

export const loginTokensRevoke: Command = {
  words: 'login-tokens revoke',
  summary: 'revoke a login token now',
  usage: 'latchkey login-tokens revoke <login token id>',
  positionals: 1,
  async run({ positionals }, deps, json) {
    const admin = await connectAdmin(deps);
    const revoked = await admin.loginTokens.update.mutate({ id: positionals[0] ?? '', revoked: true });
    print(deps, json, revoked, () => [`revoked login token ${revoked.id}`]);
    return EXIT.ok;
  },
};
