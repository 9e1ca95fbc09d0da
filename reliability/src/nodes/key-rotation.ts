import { type Answer, kidOf } from './calls.js';

export type RotationWatch = {
  /** When each node's JWKS was first seen listing the new key (ms since the rotation answered). */
  publishedAfterMs: (number | null)[];
  /** When each node was first seen signing with it. */
  signedAfterMs: (number | null)[];
  /** A token signed with the new key by each node, and one signed with the old key before. */
  newTokens: (string | null)[];
  /** Samples taken: JWKS reads and tokens minted per node. */
  samples: number;
  /** Tokens signed with the new key while some node's JWKS did not yet list it. */
  signedBeforePublished: string[];
};

export type WatchInput = {
  nodeUrls: readonly string[];
  kid: string;
  rotatedAt: number;
  /** Gives up this long after the rotation. */
  deadlineMs: number;
  mint(node: number): Promise<Answer>;
  /** Ends the watch early (the test is being torn down). */
  stopped(): boolean;
  intervalMs?: number;
};

const jwksKids = async (url: string): Promise<string[]> => {
  const response = await fetch(`${url}/jwks`);
  const body = (await response.json()) as { keys?: { kid?: string }[] };
  return (body.keys ?? []).map((k) => String(k.kid));
};

/**
 * Samples every node's JWKS and a fresh token from each until every node
 * signs with the rotated key (or the deadline): which node published the
 * key when, which signed with it when, and whether any token with the new
 * kid appeared while a node did not publish it yet.
 */
export async function watchRotation(input: WatchInput): Promise<RotationWatch> {
  const n = input.nodeUrls.length;
  const watch: RotationWatch = {
    publishedAfterMs: Array(n).fill(null),
    signedAfterMs: Array(n).fill(null),
    newTokens: Array(n).fill(null),
    samples: 0,
    signedBeforePublished: [],
  };
  while (watch.signedAfterMs.some((t) => t === null) && Date.now() - input.rotatedAt < input.deadlineMs && !input.stopped()) {
    // JWKS first: a token is checked against what every node published before it was minted.
    const kids = await Promise.all(input.nodeUrls.map(jwksKids));
    kids.forEach((list, node) => {
      if (watch.publishedAfterMs[node] === null && list.includes(input.kid)) watch.publishedAfterMs[node] = Date.now() - input.rotatedAt;
    });
    const answers = await Promise.all(input.nodeUrls.map((_, node) => input.mint(node)));
    answers.forEach((answer, node) => {
      const token = String(answer.body.access_token ?? '');
      if (answer.status !== 200 || kidOf(token) !== input.kid) return;
      if (watch.publishedAfterMs.some((t) => t === null))
        watch.signedBeforePublished.push(`node ${node} signed with ${input.kid} before every node published it`);
      if (watch.signedAfterMs[node] === null) {
        watch.signedAfterMs[node] = Date.now() - input.rotatedAt;
        watch.newTokens[node] = token;
      }
    });
    watch.samples++;
    await new Promise((resolve) => setTimeout(resolve, input.intervalMs ?? 250));
  }
  return watch;
}
