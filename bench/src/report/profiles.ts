import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../context.js';
import { fixed, textTable } from './table.js';

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const relative = (url: string) => {
  const file = url.replace(/^file:\/\//, '');
  return file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file || '(native)';
};
const keyOf = (frame: CallFrame) => `${frame.functionName || '(anonymous)'} ${relative(frame.url)}:${frame.lineNumber + 1}`;

/** Where a frame's code lives: a package, one of Latchkey's workspaces, or Node itself. */
function areaOf(frame: CallFrame): string {
  const file = relative(frame.url);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  if (/^(apps|packages)\//.test(file)) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('node:')) return 'node internals';
  return frame.functionName.startsWith('(') ? frame.functionName : '(native / other)';
}

export type ProfileSummary = {
  totalMs: number;
  self: Map<string, number>;
  inclusive: Map<string, number>;
  areas: Map<string, number>;
  causes: Map<string, number>;
};

/** Areas that do not explain themselves: their time is charged to the nearest caller outside them. */
const PASS_THROUGH = new Set(['node internals', '(native / other)']);

export function summarize(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfByNode = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const causes = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfByNode) {
    const node = byId.get(id)!;
    totalMs += ms;
    const key = keyOf(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + ms);
    areas.set(areaOf(node.callFrame), (areas.get(areaOf(node.callFrame)) ?? 0) + ms);
    // The cause: the nearest frame, leaf upwards, of a package or workspace (a socket write is pg's, not Node's).
    let cause = areaOf(node.callFrame);
    for (let at: number | undefined = id; at !== undefined && PASS_THROUGH.has(cause); at = parent.get(at))
      cause = areaOf(byId.get(at)!.callFrame);
    if (cause === '(root)') cause = areaOf(node.callFrame);
    causes.set(cause, (causes.get(cause) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = keyOf(byId.get(at)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  }
  return { totalMs, self, inclusive, areas, causes };
}

const top = (map: Map<string, number>, total: number, n: number, filter: (k: string) => boolean = () => true) =>
  [...map]
    .filter(([k]) => filter(k))
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, ms]) => [fixed(ms), `${((ms / total) * 100).toFixed(1)}%`, k]);

export function renderSummary(name: string, s: ProfileSummary): string {
  const ours = (k: string) => / (apps|packages)\//.test(k);
  return [
    `== ${name}: ${fixed(s.totalMs)} ms sampled`,
    textTable(['self ms', 'share', 'area'], top(s.areas, s.totalMs, 15)),
    '',
    textTable(['ms', 'share', 'cause (nearest package frame, Node internals charged to their caller)'], top(s.causes, s.totalMs, 15)),
    '',
    textTable(['self ms', 'share', 'function'], top(s.self, s.totalMs, 25)),
    '',
    textTable(['total ms', 'share', "Latchkey's functions (inclusive)"], top(s.inclusive, s.totalMs, 25, ours)),
  ].join('\n');
}

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : Promise.resolve(e.name.endsWith('.cpuprofile') ? [path.join(dir, e.name)] : []),
    ),
  );
  return nested.flat();
}

/** A summary of every CPU profile the auth processes wrote (node --cpu-prof). */
export async function summarizeProfiles(dir: string): Promise<string> {
  const found = await files(dir);
  if (!found.length) return `no CPU profiles in ${dir}`;
  const parts: string[] = [];
  for (const file of found)
    parts.push(renderSummary(path.relative(repoRoot, file), summarize(JSON.parse(await readFile(file, 'utf8')) as CpuProfile)));
  return parts.join('\n\n');
}
