/** Counts of each key, in first-seen order. */
export function tally(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** `title: key=n key=n …`, keys sorted, for one line of a CI log. */
export function formatTally(title: string, counts: Map<string, number>): string {
  const entries = [...counts].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  return `${title}: ${entries.map(([key, n]) => `${key}=${n}`).join(' ')}`;
}

/** A line for the CI log, marked so the suite's figures are easy to find. */
export const figure = (line: string): void => console.log(`[reliability] ${line}`);

/** Ordinary least squares of y on x: the slope and intercept of the best line. */
export function leastSquares(points: readonly (readonly [number, number])[]): { slope: number; intercept: number } {
  const n = points.length;
  if (n < 2) return { slope: 0, intercept: points[0]?.[1] ?? 0 };
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  const slope = variance === 0 ? 0 : covariance / variance;
  return { slope, intercept: meanY - slope * meanX };
}
