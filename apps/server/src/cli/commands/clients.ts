import { type Command, EXIT, list, print, printPage, text } from '../command.js';
import { connectAdmin } from '../connect.js';

const row = (c: { id: string; type: string; subjectType: string; status: string; grantTypes: string[] }) =>
  `${c.id}\t${c.type}\t${c.subjectType}\t${c.status}\t${c.grantTypes.join(',')}`;

export const clientsCreate: Command = {
  words: 'clients create',
  summary: 'register an OAuth client (a confidential one gets a secret, shown once)',
  usage: `latchkey clients create --name <name> [--id <id>] [--type public|confidential] [--directory customer|agent]
      [--grant <grant type>]... [--scope <scope>]... [--redirect-uri <url>]... [--cors-origin <origin>]...`,
  options: {
    name: { type: 'string' },
    id: { type: 'string' },
    type: { type: 'string', default: 'public' },
    directory: { type: 'string', default: 'customer' },
    grant: { type: 'string', multiple: true },
    scope: { type: 'string', multiple: true },
    'redirect-uri': { type: 'string', multiple: true },
    'cors-origin': { type: 'string', multiple: true },
  },
  async run({ values }, deps, json) {
    const admin = await connectAdmin(deps);
    const created = await admin.clients.create.mutate({
      name: text(values.name) ?? '',
      ...(text(values.id) ? { id: text(values.id) } : {}),
      type: text(values.type) as 'public' | 'confidential',
      subjectType: text(values.directory) as 'customer' | 'agent',
      grantTypes: (list(values.grant).length ? list(values.grant) : ['password', 'refresh_token']) as never,
      scopes: list(values.scope),
      redirectUris: list(values['redirect-uri']),
      corsOrigins: list(values['cors-origin']),
    });
    print(deps, json, created, () => [
      `created client ${created.client.id}`,
      ...(created.clientSecret ? [`client secret (shown this once): ${created.clientSecret}`] : []),
    ]);
    return EXIT.ok;
  },
};

export const clientsList: Command = {
  words: 'clients list',
  summary: 'list clients (id, type, directory, status, grant types)',
  usage: 'latchkey clients list [--search <text>] [--limit <n>]',
  options: { search: { type: 'string' }, limit: { type: 'string', default: '50' } },
  async run({ values }, deps, json) {
    const admin = await connectAdmin(deps);
    const page = await admin.clients.list.query({
      ...(text(values.search) ? { search: text(values.search) } : {}),
      limit: Number(text(values.limit)),
    });
    printPage(deps, json, page, row, 'no clients');
    return EXIT.ok;
  },
};

export const clientsRotateSecret: Command = {
  words: 'clients rotate-secret',
  summary: 'give a confidential client a new secret (the old one stops working at once)',
  usage: 'latchkey clients rotate-secret <client id>',
  positionals: 1,
  async run({ positionals }, deps, json) {
    const admin = await connectAdmin(deps);
    const rotated = await admin.clients.rotateSecret.mutate({ id: positionals[0] ?? '' });
    print(deps, json, rotated, () => [`new secret for ${rotated.client.id} (shown this once): ${rotated.clientSecret}`]);
    return EXIT.ok;
  },
};
