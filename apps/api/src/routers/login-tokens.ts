import { createLoginToken, LOGIN_TOKEN_LIST_SORTS, listLoginTokens, loginTokenSubject, searchTargets } from '@latchkey/db';
import { Prisma } from '@latchkey/db/prisma';
import { notFound, trpcError } from '../errors.js';
import { audit, changedFields, creatorOf } from '../lib/audit.js';
import { toDbJson } from '../lib/json.js';
import { decodeCursor, type Page, toPage } from '../lib/pagination.js';
import { idInput } from '../lib/schemas.js';
import { loginTokenClient } from '../login-tokens/defaults.js';
import {
  type CreatedLoginTokenDto,
  type LoginTokenDto,
  loginTokenInclude,
  type RevealedLoginTokenDto,
  toDto,
  toLoginTokenDto,
} from '../login-tokens/dto.js';
import { createLoginTokenInput, deleteLoginTokensInput, listLoginTokensInput, updateLoginTokenInput } from '../login-tokens/schemas.js';
import { decideWindow } from '../login-tokens/window.js';
import { adminProcedure, router } from '../trpc.js';

const subject = (id: string) => ({ subjectType: 'login_token', subjectId: id });

export const loginTokensRouter = router({
  /** Answers the value; it is kept sealed beside its hash for `reveal`. */
  create: adminProcedure.input(createLoginTokenInput).mutation(({ ctx, input }): Promise<CreatedLoginTokenDto> => {
    const window = decideWindow(input, ctx.clock(), ctx.policy.loginToken);
    return ctx.db.prisma.$transaction(async (tx) => {
      const { token, record } = await createLoginToken(tx, {
        clientId: await loginTokenClient(tx, input.clientId),
        customerId: input.customerId ?? null,
        companyUserId: input.companyUserId ?? null,
        ...window,
        lockCompanyUser: input.lockCompanyUser ?? ctx.policy.loginToken.lockCompanyUser,
        requestIp: input.requestIp ?? null,
        extra: toDbJson(input.extra) ?? null,
        createdBy: creatorOf(ctx),
        seal: ctx.secretBox.seal,
      });
      const row = await tx.loginToken.findUniqueOrThrow({ where: { id: record.id }, include: loginTokenInclude });
      const dto = toLoginTokenDto(row);
      await audit(tx, ctx, {
        action: 'login_token.create',
        ...subject(record.id),
        details: {
          clientId: dto.clientId,
          subjectType: dto.subjectType,
          customerId: dto.customerId,
          companyUserId: dto.companyUserId,
          oneTimeUse: dto.oneTimeUse,
          lockCompanyUser: dto.lockCompanyUser,
          expiresAt: dto.expiresAt,
        },
      });
      return { ...dto, token };
    });
  }),

  /**
   * The value, as the back office's edit dialog shows it behind its eye
   * icon: for admin:write only (a mutation), audited before it is answered.
   * Tokens made before values were kept answer NOT_FOUND.
   */
  reveal: adminProcedure.input(idInput).mutation(
    ({ ctx, input }): Promise<RevealedLoginTokenDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const row = await tx.loginToken.findUnique({ where: { id: input.id }, select: { id: true, tokenEnc: true } });
        if (!row) throw notFound('login token');
        if (!row.tokenEnc) throw trpcError('login_token_value_not_kept', 'login token value not kept (made before values were kept)');
        const token = ctx.secretBox.open(row.tokenEnc);
        await audit(tx, ctx, { action: 'login_token.reveal', ...subject(row.id) });
        return { id: row.id, token };
      }),
  ),

  get: adminProcedure.input(idInput).query(async ({ ctx, input }): Promise<LoginTokenDto> => {
    const row = await ctx.db.prisma.loginToken.findUnique({ where: { id: input.id }, include: loginTokenInclude });
    if (!row) throw notFound('login token');
    return toLoginTokenDto(row);
  }),

  /** One statement per page (packages/db listLoginTokens); a search first finds whom its term can mean. */
  list: adminProcedure.input(listLoginTokensInput).query(async ({ ctx, input }): Promise<Page<LoginTokenDto>> => {
    const { field } = input.sort;
    const sort = { ...input.sort, nullable: LOGIN_TOKEN_LIST_SORTS[field].nullable };
    const after = input.cursor ? decodeCursor(sort, input.cursor) : undefined;
    const { search, sort: _sort, cursor: _cursor, limit, ...filters } = input;
    const rows = await listLoginTokens(ctx.db.sql, {
      filters: { ...filters, ...(search ? { search: { term: search, targets: await searchTargets(ctx.db, search) } } : {}) },
      sort: input.sort,
      after: after as { value: Date | number | null; id: string } | undefined,
      take: limit + 1,
    });
    return toPage(rows, limit, sort, (row) => row[field], toDto);
  }),

  update: adminProcedure.input(updateLoginTokenInput).mutation(
    ({ ctx, input }): Promise<LoginTokenDto> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const current = await tx.loginToken.findUnique({
          where: { id: input.id },
          select: { notBefore: true, expiresAt: true, oneTimeUse: true, revokedAt: true },
        });
        if (!current) throw notFound('login token');
        const now = ctx.clock();
        // A new window is judged like a new token's, from now.
        const window =
          input.expiresAt === undefined && input.notBefore === undefined
            ? null
            : decideWindow(
                {
                  notBefore: input.notBefore === undefined ? current.notBefore : input.notBefore,
                  expiresAt: input.expiresAt === undefined ? current.expiresAt : input.expiresAt,
                },
                now,
                ctx.policy.loginToken,
              );
        // A new user replaces the old one whole: a company user (with its customer), a customer, or nobody.
        const user =
          input.customerId === undefined && input.companyUserId === undefined
            ? null
            : await loginTokenSubject(tx, { customerId: input.customerId ?? null, companyUserId: input.companyUserId ?? null });
        const row = await tx.loginToken.update({
          where: { id: input.id },
          data: {
            ...(window ? { notBefore: window.notBefore, expiresAt: window.expiresAt } : {}),
            ...(user ?? {}),
            oneTimeUse: input.oneTimeUse,
            lockCompanyUser: input.lockCompanyUser,
            requestIp: input.requestIp,
            extra: input.extra === undefined ? undefined : (toDbJson(input.extra) ?? Prisma.DbNull),
            revokedAt: input.revoked === undefined ? undefined : input.revoked ? (current.revokedAt ?? now) : null,
          },
          include: loginTokenInclude,
        });
        await audit(tx, ctx, { action: 'login_token.update', ...subject(input.id), details: { fields: changedFields(input) } });
        return toLoginTokenDto(row);
      }),
  ),

  /** The screen's multi-select delete; ids that do not exist are skipped. */
  delete: adminProcedure.input(deleteLoginTokensInput).mutation(
    ({ ctx, input }): Promise<{ count: number; ids: string[] }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const found = await tx.loginToken.findMany({ where: { id: { in: input.ids } }, select: { id: true } });
        const ids = found.map((row) => row.id);
        const { count } = await tx.loginToken.deleteMany({ where: { id: { in: ids } } });
        for (const id of ids) await audit(tx, ctx, { action: 'login_token.delete', ...subject(id) });
        return { count, ids };
      }),
  ),
});
