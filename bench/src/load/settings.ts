/**
 * How long and how hard a scenario is loaded: a warm-up, then `durationSeconds` measured in `rounds`
 * rounds, each after an unmeasured re-warm of `rewarmSeconds`.
 */
export type RunSettings = {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  rounds: number;
  rewarmSeconds: number;
};

/** Tokens a pool needs for a run at `rps`: warm-ups and measured time, a margin, and one in flight per connection. */
export const poolSizeFor = (rps: number, settings: RunSettings, margin = 2): number =>
  Math.ceil(rps * (settings.warmupSeconds + settings.rounds * settings.rewarmSeconds + settings.durationSeconds) * margin) +
  settings.connections * 2;
