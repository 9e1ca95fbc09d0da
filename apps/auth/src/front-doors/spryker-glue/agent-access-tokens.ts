import { credentials } from './access-tokens.js';
import type { GlueHandler } from './door.js';
import { issueThroughGrant } from './door.js';
import { GLUE } from './errors.js';
import { readDocument, replyErrors } from './json-api.js';

/** `POST /agent-access-tokens`: an agent logs in with the password grant of the path's agent-directory client. */
export const agentAccessTokens: GlueHandler = async (door, ctx, next) => {
  if (door.client.subjectType !== 'agent') return replyErrors(ctx, [GLUE.notFound]);
  const document = await readDocument(ctx, 'agent-access-tokens', credentials);
  if (!document.ok) return replyErrors(ctx, document.errors);
  const { username, password } = document.value;
  return issueThroughGrant(
    door,
    ctx,
    next,
    'agent-access-tokens',
    { grant_type: 'password', username, password },
    { withCompanyUser: false },
  );
};
