import { z } from 'zod';
import type { GlueHandler } from './door.js';
import { issueThroughGrant } from './door.js';
import { GLUE } from './errors.js';
import { readDocument, replyErrors } from './json-api.js';

/** The password grant's own bounds on the credentials. */
export const credentials = z.object({ username: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

/** `POST /access-tokens`: a customer logs in with the password grant of the path's (customer-directory) client. */
export const accessTokens: GlueHandler = async (door, ctx, next) => {
  if (door.client.subjectType !== 'customer') return replyErrors(ctx, [GLUE.notFound]);
  const document = await readDocument(ctx, 'access-tokens', credentials);
  if (!document.ok) return replyErrors(ctx, document.errors);
  const { username, password } = document.value;
  return issueThroughGrant(door, ctx, next, 'access-tokens', { grant_type: 'password', username, password }, { withCompanyUser: true });
};
