// `node bench/dist/tools/profile-summary.js <dir-or-file.cpuprofile>`: where a CPU profile's time went.
import { readFile, stat } from 'node:fs/promises';
import { renderSummary, summarize, summarizeProfiles } from '../report/profiles.js';

const target = process.argv[2];
if (!target) {
  console.error('usage: profile-summary <dir | file.cpuprofile>');
  process.exit(2);
}
if ((await stat(target)).isDirectory()) console.log(await summarizeProfiles(target));
else console.log(renderSummary(target, summarize(JSON.parse(await readFile(target, 'utf8')))));
