import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { repoRoot } from './context.js';

export type Machine = { cpu: string; cores: number; memoryGb: number; node: string; os: string; commit: string; loadAverage: number[] };

/** The machine a run was measured on (the numbers mean nothing without it). */
export function describeMachine(): Machine {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${process.platform} ${process.arch}`,
    commit,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
