import { parseArgs } from 'node:util';
import { TRPCClientError } from '@latchkey/client';
import { type CliDeps, type Command, EXIT, UsageError } from './command.js';
import { clientsCreate, clientsList, clientsRotateSecret } from './commands/clients.js';
import { doctor, migrate } from './commands/database.js';
import { loginTokensCreate, loginTokensList, loginTokensRevoke } from './commands/login-tokens.js';
import { keysRotate, staffCreate } from './commands/staff-and-keys.js';

const COMMANDS: readonly Command[] = [
  migrate,
  doctor,
  clientsCreate,
  clientsList,
  clientsRotateSecret,
  loginTokensCreate,
  loginTokensList,
  loginTokensRevoke,
  staffCreate,
  keysRotate,
];

const overview = () =>
  [
    'latchkey <command> [options] [--json] [--help]',
    '',
    ...COMMANDS.map((c) => `  ${c.words.padEnd(22)} ${c.summary}`),
    '',
    'Admin commands call the admin API (LATCHKEY_API_URL, default http://localhost:4001) with',
    'LATCHKEY_ADMIN_CLIENT_ID/SECRET, or the demo admin client of `npm start` (.data/demo-admin.json).',
    'migrate and doctor read DATABASE_URL (unset: the embedded database in LATCHKEY_DATA_DIR).',
  ].join('\n');

/** What went wrong, for a person: the api's code and its message, each bad field by its path. */
function describe(error: unknown): string[] {
  if (error instanceof TRPCClientError) {
    const data = error.data as
      | { code?: string; latchkeyCode?: string; zodError?: { path: (string | number)[]; message: string }[] | null }
      | undefined;
    const issues = data?.zodError?.map((issue) => `  ${issue.path.join('.') || '(input)'}: ${issue.message}`) ?? [];
    return [`refused: ${data?.latchkeyCode ?? data?.code ?? 'error'}${issues.length ? '' : `: ${error.message}`}`, ...issues];
  }
  return [(error as Error).message];
}

/** `latchkey …`: answers the exit code (0 done, 1 refused or failed, 2 a wrong command line). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  const json = argv.includes('--json');
  const rest = argv.filter((arg) => arg !== '--json' && arg !== '--help' && arg !== '-h');
  const command = COMMANDS.find((c) => c.words.split(' ').every((word, i) => rest[i] === word));
  if (!command) {
    if (wantsHelp || rest.length === 0) {
      deps.io.out(overview());
      return wantsHelp ? EXIT.ok : EXIT.usage;
    }
    deps.io.err(`unknown command: ${rest.join(' ')}\n\n${overview()}`);
    return EXIT.usage;
  }
  const help = `${command.summary}\n\nusage: ${command.usage}`;
  if (wantsHelp) {
    deps.io.out(help);
    return EXIT.ok;
  }
  try {
    const args = parseArgs({
      args: rest.slice(command.words.split(' ').length),
      options: command.options ?? {},
      allowPositionals: true,
      strict: true,
    });
    if (args.positionals.length !== (command.positionals ?? 0))
      throw new UsageError(`expected ${command.positionals ?? 0} argument(s), got ${args.positionals.length}`);
    return await command.run(args, deps, json);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    for (const line of describe(error)) deps.io.err(line);
    if (usage) deps.io.err(`\nusage: ${command.usage}`);
    return usage ? EXIT.usage : EXIT.failed;
  }
}
