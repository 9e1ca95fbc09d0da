// Proves the published package stands alone: packs @latchkey/client (built
// dist), installs the tarball with typescript (and @types/node, for the
// example) into an empty project in a temp dir, outside the monorepo, from
// the npm registry only, then type-checks a
// consumer (test/types/wrong-filter.ts, importing the package by name: its
// correct calls compile and its `@ts-expect-error` wrong filters must fail),
// imports the package in Node, and runs the admin example
// (examples/src/admin.ts, compiled there against the tarball's types) against
// `npm start`'s process (apps/server/dist/main.js on PGlite, a temp data dir
// and free ports). Run after `npm run build`; CI does.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@latchkey/db/free-port';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
class PackCheckFailure extends Error {}
// Thrown, not exited: the finally below stops the server and removes the temp dir.
const fail = (message) => {
  throw new PackCheckFailure(message);
};

/** `npm start`'s process on a fresh data directory; answers its URLs once it prints its banner. */
async function startLatchkey(dataDir) {
  const [authPort, apiPort] = [await freePort(), await freePort()];
  const policyFile = join(dataDir, 'policy.json');
  await mkdir(dataDir);
  // argon2id at its cheapest: the check is about the package, not the hash's cost.
  await writeFile(policyFile, JSON.stringify({ passwordHash: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }));
  const { DATABASE_URL: _embedded, ...inherited } = process.env;
  const issuer = `http://127.0.0.1:${authPort}`;
  const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
    env: {
      ...inherited,
      LATCHKEY_DATA_DIR: dataDir,
      LATCHKEY_POLICY_FILE: policyFile,
      LATCHKEY_HOST: '127.0.0.1',
      LATCHKEY_AUTH_PORT: String(authPort),
      LATCHKEY_API_PORT: String(apiPort),
      LATCHKEY_ISSUER: issuer,
      LATCHKEY_DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ctrl+C stops.')) resolve(clearTimeout(timer));
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`apps/server/dist/main.js exited with ${code}:\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  };
  await ready.catch(async (error) => {
    await stop();
    fail(`Latchkey did not start: ${error.message}`);
  });
  return { issuer, apiUrl: `http://127.0.0.1:${apiPort}`, stop };
}

const dir = await mkdtemp(join(tmpdir(), 'latchkey-pack-'));
let latchkey;
try {
  run('npm', ['pack', '-w', '@latchkey/client', '--pack-destination', dir, '--silent'], root);
  const tarball = (await readdir(dir)).find((file) => file.endsWith('.tgz'));
  if (!tarball) fail('npm pack made no tarball');

  const project = join(dir, 'consumer');
  const pkg = { name: 'consumer', private: true, type: 'module' };
  await mkdir(project);
  await writeFile(join(project, 'package.json'), JSON.stringify(pkg));
  run('npm', ['install', '--no-audit', '--no-fund', '--silent', join(dir, tarball), 'typescript@5.9.3', '@types/node@20'], project);

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
  // The admin example as a user copies it: the same files, importing the package by name.
  for (const file of ['admin.ts', 'demo.ts']) await copyFile(join(root, 'examples/src', file), join(project, file));
  // skipLibCheck off: the bundled declaration itself must type-check against its dependencies
  // (tRPC's own declarations name Disposable, hence that lib). The example is emitted to run below.
  const tsconfig = {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023', 'ESNext.Disposable', 'DOM'],
      module: 'NodeNext',
      strict: true,
      outDir: 'dist',
      types: ['node'],
      skipLibCheck: false,
    },
    files: ['consumer.ts', 'admin.ts', 'demo.ts'],
  };
  await writeFile(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], project);
  } catch (error) {
    fail(`the consumer or the admin example does not type-check against the tarball:\n${error.stdout}`);
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

  // The admin example, run from the temp project on the tarball, against a started server.
  const dataDir = join(dir, 'data');
  latchkey = await startLatchkey(dataDir);
  const example = await new Promise((resolve) => {
    const child = spawn(process.execPath, [join(project, 'dist/admin.js')], {
      cwd: project,
      env: {
        PATH: process.env.PATH ?? '',
        LATCHKEY_ISSUER: latchkey.issuer,
        LATCHKEY_API_URL: latchkey.apiUrl,
        LATCHKEY_DATA_DIR: dataDir,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
  const expected = [
    /^created customer \S+ \(ada\.\d+@example\.com\)$/m,
    /^1 login token\(s\) for /m,
    /^refused as expected: BAD_REQUEST /m,
  ];
  if (example.code !== 0 || !expected.every((line) => line.test(example.output))) {
    fail(`the admin example, run on the tarball, failed (exit ${example.code}):\n${example.output}`);
  }
  console.log(
    `pack-check: ${tarball} installs outside the monorepo, type-checks a consumer and the admin example, loads (${loaded}), and runs the admin example against a started server`,
  );
} catch (error) {
  console.error(`pack-check: ${error instanceof PackCheckFailure ? error.message : error.stack}`);
  process.exitCode = 1;
} finally {
  await latchkey?.stop();
  await rm(dir, { recursive: true, force: true });
}
