// Sums vitest's "Tests  N passed (M)" lines of each log given as NAME=path.
import { readFileSync } from 'node:fs';

const strip = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
let failed = false;
for (const arg of process.argv.slice(2)) {
  const [name, file] = arg.split('=');
  const totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
  for (const line of strip(readFileSync(file, 'utf8')).split('\n')) {
    const tests = /^\s*(?:\S+:\s*)?Tests\s+(.*)\((\d+)\)/.exec(line);
    if (tests) {
      for (const [, n, kind] of tests[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
    }
    const files = /^\s*(?:\S+:\s*)?Test Files\s+.*\((\d+)\)/.exec(line);
    if (files) totals.files += Number(files[1]);
  }
  failed ||= totals.failed > 0 || totals.passed === 0;
  console.log(`${name}: ${totals.passed} tests passed, ${totals.failed} failed, ${totals.skipped} skipped, in ${totals.files} files`);
}
process.exit(failed ? 1 : 0);
