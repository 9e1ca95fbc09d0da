import { type Command, EXIT, list, print, text } from '../command.js';
import { connectAdmin } from '../connect.js';

export const staffCreate: Command = {
  words: 'staff create',
  summary: 'add a back-office staff member with roles (viewer, editor, impersonator)',
  usage: 'latchkey staff create --email <e-mail> --password <password> --first-name <name> --last-name <name> [--role <role>]...',
  options: {
    email: { type: 'string' },
    password: { type: 'string' },
    'first-name': { type: 'string' },
    'last-name': { type: 'string' },
    role: { type: 'string', multiple: true },
  },
  async run({ values }, deps, json) {
    const admin = await connectAdmin(deps);
    const agent = await admin.agents.create.mutate({
      email: text(values.email) ?? '',
      password: text(values.password) ?? '',
      firstName: text(values['first-name']) ?? '',
      lastName: text(values['last-name']) ?? '',
      roles: list(values.role) as never,
    });
    print(deps, json, agent, () => [`created staff member ${agent.id} (${agent.email}), roles: ${agent.roles.join(', ') || 'none'}`]);
    return EXIT.ok;
  },
};

export const keysRotate: Command = {
  words: 'keys rotate',
  summary: 'make a new signing key; it signs once every node publishes it, the old one stays published until its tokens expire',
  usage: 'latchkey keys rotate',
  async run(_args, deps, json) {
    const admin = await connectAdmin(deps);
    const rotated = await admin.keys.rotate.mutate();
    print(deps, json, rotated, () => [`new signing key ${rotated.kid}, signing from ${rotated.activatesAt}`]);
    return EXIT.ok;
  },
};
