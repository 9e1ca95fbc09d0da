// Proves the published package stands alone: packs @latchkey/client (built
// dist), installs the tarball with typescript into an empty project in a temp
// dir, outside the monorepo, from the npm registry only, then type-checks a
// consumer (test/types/wrong-filter.ts, importing the package by name: its
// correct calls compile and its `@ts-expect-error` wrong filters must fail)
// and imports the package in Node. Run after `npm run build`; CI does.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const fail = (message) => {
  console.error(`pack-check: ${message}`);
  process.exit(1);
};

const dir = await mkdtemp(join(tmpdir(), 'latchkey-pack-'));
try {
  run('npm', ['pack', '-w', '@latchkey/client', '--pack-destination', dir, '--silent'], root);
  const tarball = (await readdir(dir)).find((file) => file.endsWith('.tgz'));
  if (!tarball) fail('npm pack made no tarball');

  const project = join(dir, 'consumer');
  const pkg = { name: 'consumer', private: true, type: 'module' };
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify(pkg));
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', join(dir, tarball), 'typescript@5.9.3'], project);

  // Nothing of the workspace came along, and every package came from the registry.
  const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8'));
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path.includes('node_modules/@latchkey/') && path !== 'node_modules/@latchkey/client') fail(`installed ${path}`);
    if (entry.resolved && path !== 'node_modules/@latchkey/client' && !entry.resolved.startsWith('https://registry.npmjs.org/')) {
      fail(`${path} resolved from ${entry.resolved}`);
    }
  }

  // The monorepo's lockfile too: workspace links or the npm registry, nothing else.
  const ours = JSON.parse(await readFile(join(root, 'package-lock.json'), 'utf8'));
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (entry.resolved && !entry.link && /^[a-z]+:/.test(entry.resolved) && !entry.resolved.startsWith('https://registry.npmjs.org/')) {
      fail(`package-lock.json: ${path} resolved from ${entry.resolved}`);
    }
  }

  const consumer = await readFile(new URL('../test/types/wrong-filter.ts', import.meta.url), 'utf8');
  const byName = consumer.replace("from '../../src/index.js'", "from '@latchkey/client'");
  if (byName === consumer) fail('test/types/wrong-filter.ts no longer imports ../../src/index.js');
  await writeFile(join(project, 'consumer.ts'), byName);
  // skipLibCheck off: the bundled declaration itself must type-check against its dependencies
  // (tRPC's own declarations name Disposable, hence that lib).
  const tsconfig = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
      module: 'NodeNext',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
    },
    files: ['consumer.ts'],
  };
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], project);
  } catch (error) {
    fail(`the consumer does not type-check against the tarball:\n${error.stdout}`);
  }

  // The runtime loads with only the tarball's dependencies.
  const loaded = run(
    process.execPath,
    ['--input-type=module', '-e', "const m = await import('@latchkey/client'); console.log(Object.keys(m).sort().join(' '))"],
    project,
  ).trim();
  for (const name of ['createAdminClient', 'createAuthClient', 'createTokenVerifier', 'TRPCClientError', 'LatchkeyAuthError']) {
    if (!loaded.split(' ').includes(name)) fail(`the package does not export ${name} at run time (it exports: ${loaded})`);
  }
  console.log(`pack-check: ${tarball} installs outside the monorepo, type-checks a consumer and loads (${loaded})`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
