import type { Agent } from 'node:http';
import { postFormWith } from '../http/form.js';

/** One session's refresh tokens in the order the load generator received them (each in a 200). */
export type Chain = {
  index: number;
  grantId: string;
  delivered: string[];
  /** The token a request presented when it got no answer (the kill cut it off), if any. */
  cutOff: string | null;
  /** Answers other than 200 during load: none are expected. */
  refusals: string[];
};

export const newest = (chain: Chain): string => chain.delivered[chain.delivered.length - 1]!;

export type ChainLoad = { clientId: string; url: string; agent: Agent; stopped: () => boolean };

/**
 * Every chain refreshes its newest token again and again until a request gets
 * no answer (the server was killed) or `stopped()`. Returns the number of 200s.
 */
export async function driveChains(chains: Chain[], load: ChainLoad): Promise<number> {
  let delivered = 0;
  await Promise.all(
    chains.map(async (chain) => {
      chain.cutOff = null;
      while (!load.stopped()) {
        const presented = newest(chain);
        const answer = await postFormWith(load.agent, `${load.url}/token`, {
          grant_type: 'refresh_token',
          client_id: load.clientId,
          refresh_token: presented,
        });
        if (!answer.ok) {
          chain.cutOff = presented;
          return;
        }
        if (answer.status !== 200 || typeof answer.body.refresh_token !== 'string') {
          chain.refusals.push(`${answer.status} ${JSON.stringify(answer.body)}`);
          return;
        }
        chain.delivered.push(answer.body.refresh_token);
        delivered++;
      }
    }),
  );
  return delivered;
}
