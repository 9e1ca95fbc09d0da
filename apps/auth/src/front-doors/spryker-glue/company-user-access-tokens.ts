import { TOKEN_EXCHANGE_GRANT, TokenType } from '@latchkey/core';
import { z } from 'zod';
import type { GlueHandler } from './door.js';
import { issueThroughGrant } from './door.js';
import { GLUE } from './errors.js';
import { bearer, readDocument, replyErrors } from './json-api.js';

const attributes = z.object({ idCompanyUser: z.string().min(1).max(64) });

/**
 * `POST /company-user-access-tokens`: the customer's access token
 * exchanged for one of their company users, the native company switch
 * (RFC 8693) with everything it checks and keeps.
 */
export const companyUserAccessTokens: GlueHandler = async (door, ctx, next) => {
  const presented = bearer(ctx.get('authorization'));
  if (presented.kind === 'missing') return replyErrors(ctx, [GLUE.missingAccessToken]);
  if (presented.kind === 'malformed') return replyErrors(ctx, [GLUE.invalidAccessToken]);
  const document = await readDocument(ctx, 'company-user-access-tokens', attributes);
  if (!document.ok) return replyErrors(ctx, document.errors);
  const form = {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: presented.token,
    subject_token_type: TokenType.accessToken,
    company_user_id: document.value.idCompanyUser,
  };
  return issueThroughGrant(door, ctx, next, 'company-user-access-tokens', form, { withCompanyUser: true });
};
