import { z } from 'zod';
import { clientId } from '../clients/schemas.js';
import { id, page } from '../lib/schemas.js';

export const listStorefrontTokensInput = z
  .object({ customerId: id.optional(), clientId: clientId.optional(), ...page })
  .strict()
  .default({ limit: 50 });

export const storefrontTokenIdInput = z.object({ id }).strict();
