import { TOKEN_EXCHANGE_GRANT } from '@latchkey/core';
import type { Rng } from '../prng.js';
import { type Param, percentEncode } from './encode.js';
import { junkJwt, junkValue, longString } from './junk.js';
import type { Grant, TokenFuzzWorld } from './token-requests.js';

export type ClientAuth = { headers: [string, string][]; params: Param[]; label: string };

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${percentEncode(id)}:${percentEncode(secret)}`).toString('base64')}`;

/** Client authentication, right and wrong in every way RFC 6749 §2.3 allows a client to get it wrong. */
export function clientAuth(rng: Rng, w: TokenFuzzWorld, grant: Grant): ClientAuth {
  const confidential = rng.pick(w.confidentialClients);
  const publicClient = rng.pick(w.publicClients);
  const mode = rng.weighted([
    [grant === 'client_credentials' ? 2 : 10, 'public'],
    [grant === 'client_credentials' ? 8 : 3, 'basic'],
    [2, 'basic-wrong'],
    [3, 'basic-junk'],
    [2, 'post'],
    [1, 'basic-and-post'],
    [1, 'assertion'],
    [1, 'none'],
    [1, 'twice'],
  ] as const);
  switch (mode) {
    case 'public':
      return { headers: [], params: [['client_id', rng.chance(0.85) ? publicClient : junkValue(rng, [confidential.id])]], label: mode };
    case 'basic':
      return { headers: [['Authorization', basic(confidential.id, confidential.secret)]], params: [], label: mode };
    case 'basic-wrong':
      return {
        headers: [['Authorization', basic(rng.chance(0.7) ? confidential.id : publicClient, junkValue(rng))]],
        params: [],
        label: mode,
      };
    case 'basic-junk': {
      const junk = rng.pick([
        'Basic',
        'Basic ',
        'Basic !!!!',
        `basic ${Buffer.from(`${confidential.id}:${confidential.secret}`).toString('base64')}`,
        `Basic ${Buffer.from('no-colon').toString('base64')}`,
        `Basic ${Buffer.from(':').toString('base64')}`,
        `Basic ${Buffer.from('%zz:%zz').toString('base64')}`,
        `Basic ${Buffer.from([0xff, 0x3a, 0xfe, 0x00]).toString('base64')}`,
        `Basic ${Buffer.from(`${confidential.id}:${confidential.secret}`).toString('base64').slice(0, -3)}`,
        `Basic ${'QUFB'.repeat(rng.pick([10, 2000]))}`,
        `Bearer ${junkJwt(rng)}`,
        'Digest username="x"',
        `Basic ${Buffer.from(`${longString(rng, 300)}:x`).toString('base64')}`,
        'Basic \u00ff\u00fe',
        '',
      ]);
      return { headers: [['Authorization', junk]], params: rng.chance(0.3) ? [['client_id', publicClient]] : [], label: mode };
    }
    case 'post':
      return {
        headers: [],
        params: [
          ['client_id', confidential.id],
          ['client_secret', rng.chance(0.5) ? confidential.secret : junkValue(rng)],
        ],
        label: mode,
      };
    case 'basic-and-post':
      return {
        headers: [['Authorization', basic(confidential.id, confidential.secret)]],
        params: [
          ['client_id', confidential.id],
          ['client_secret', confidential.secret],
        ],
        label: mode,
      };
    case 'assertion':
      return {
        headers: [],
        params: [
          ['client_id', rng.chance(0.5) ? confidential.id : publicClient],
          ['client_assertion_type', rng.pick(['urn:ietf:params:oauth:client-assertion-type:jwt-bearer', junkValue(rng)])],
          ['client_assertion', junkJwt(rng)],
        ],
        label: mode,
      };
    case 'none':
      return { headers: [], params: [], label: mode };
    case 'twice':
      return {
        headers: [
          ['Authorization', basic(confidential.id, confidential.secret)],
          ['Authorization', basic(publicClient, 'x')],
        ],
        params: [],
        label: mode,
      };
  }
}

/** The right client for the grant, authenticated the right way: the request reaches the grant handler. */
export function validClientAuth(rng: Rng, w: TokenFuzzWorld, grant: Grant): ClientAuth {
  const confidential = rng.pick(w.confidentialClients);
  const asPublic = (id: string): ClientAuth => ({ headers: [], params: [['client_id', id]], label: 'valid' });
  const asConfidential = (): ClientAuth => ({
    headers: [['Authorization', basic(confidential.id, confidential.secret)]],
    params: [],
    label: 'valid',
  });
  if (grant === 'client_credentials') return asConfidential();
  if (rng.chance(0.25)) return asConfidential();
  return asPublic(grant === TOKEN_EXCHANGE_GRANT && rng.chance(0.3) ? 'agent-console' : rng.pick(w.publicClients));
}
