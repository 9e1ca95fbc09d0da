/** How long and how hard a scenario is loaded. */
export type RunSettings = { connections: number; durationSeconds: number; warmupSeconds: number };

/** Tokens a pool needs for a run at `rps`: warm-up and measured time, a margin, and one in flight per connection. */
export const poolSizeFor = (rps: number, settings: RunSettings, margin = 2): number =>
  Math.ceil(rps * (settings.warmupSeconds + settings.durationSeconds) * margin) + settings.connections * 2;
