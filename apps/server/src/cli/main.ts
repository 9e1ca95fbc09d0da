#!/usr/bin/env node
// `npx latchkey <command>`: a CLI entry, so it reads the environment.
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  io: { out: (text) => console.log(text), err: (text) => console.error(text) },
});
process.exit(code);
