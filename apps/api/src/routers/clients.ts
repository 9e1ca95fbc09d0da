import { hashToken, type Prisma, randomToken, type SecretBox, uuidv7 } from '@latchkey/db';
import { type ClientDto, toClientDto } from '../clients/dto.js';
import { assertClientShape, assertStoreChannelsFree } from '../clients/rules.js';
import { clientIdInput, createClientInput, listClientsInput, updateClientInput } from '../clients/schemas.js';
import { notFound, trpcError } from '../errors.js';
import { audit, changedFields } from '../lib/audit.js';
import { keyset, type Page, toPage } from '../lib/pagination.js';
import { adminProcedure, router } from '../trpc.js';

/** The secret is in this answer and nowhere else: only its hash is stored. */
export type ClientWithSecret = { client: ClientDto; clientSecret: string };

const CLIENT_SECRET_PREFIX = 'lks_';
const subject = (id: string) => ({ subjectType: 'client', subjectId: id });
const sealed = (box: SecretBox, secret: string | null | undefined) =>
  secret === undefined ? undefined : secret === null ? null : box.seal(secret);

// One client at most is the login-token default.
const clearLoginTokenDefault = (tx: Prisma.TransactionClient, exceptId: string) =>
  tx.oAuthClient.updateMany({ where: { loginTokenDefault: true, id: { not: exceptId } }, data: { loginTokenDefault: false } });

export const clientsRouter = router({
  create: adminProcedure
    .input(createClientInput)
    .mutation(({ ctx, input }): Promise<{ client: ClientDto; clientSecret: string | null }> => {
      assertClientShape(input);
      const { loginLinkSecret, ...fields } = input;
      const id = input.id ?? uuidv7();
      const clientSecret = input.type === 'confidential' ? randomToken(CLIENT_SECRET_PREFIX) : null;
      return ctx.db.prisma.$transaction(async (tx) => {
        if (input.loginTokenDefault) await clearLoginTokenDefault(tx, id);
        await assertStoreChannelsFree(tx, { id, storeHash: input.storeHash, channelIds: input.channelIds });
        const row = await tx.oAuthClient.create({
          data: {
            ...fields,
            id,
            secretHash: clientSecret ? hashToken(clientSecret) : null,
            secretRotatedAt: clientSecret ? ctx.clock() : null,
            loginLinkSecretEnc: sealed(ctx.secretBox, loginLinkSecret) ?? null,
          },
        });
        await audit(tx, ctx, {
          action: 'client.create',
          ...subject(id),
          details: { type: row.type, grantTypes: row.grantTypes, scopes: row.scopes },
        });
        return { client: toClientDto(row), clientSecret };
      });
    }),

  get: adminProcedure.input(clientIdInput).query(async ({ ctx, input }): Promise<ClientDto> => {
    const row = await ctx.db.prisma.oAuthClient.findUnique({ where: { id: input.id } });
    if (!row) throw notFound('client');
    return toClientDto(row);
  }),

  list: adminProcedure.input(listClientsInput).query(async ({ ctx, input }): Promise<Page<ClientDto>> => {
    const filters: Prisma.OAuthClientWhereInput = {
      type: input.type,
      subjectType: input.subjectType,
      status: input.status,
      ...(input.grantType ? { grantTypes: { has: input.grantType } } : {}),
      ...(input.search
        ? { OR: [{ id: { contains: input.search, mode: 'insensitive' } }, { name: { contains: input.search, mode: 'insensitive' } }] }
        : {}),
    };
    const page = keyset<Prisma.OAuthClientWhereInput, Prisma.OAuthClientOrderByWithRelationInput>(
      { ...input.sort, textIds: true },
      input.cursor,
    );
    const rows = await ctx.db.prisma.oAuthClient.findMany({
      where: { AND: [filters, page.where] },
      orderBy: page.orderBy,
      take: input.limit + 1,
    });
    return toPage(rows, input.limit, input.sort, (row) => row[input.sort.field], toClientDto);
  }),

  update: adminProcedure.input(updateClientInput).mutation(({ ctx, input }): Promise<ClientDto> => {
    const { id, loginLinkSecret, ...fields } = input;
    return ctx.db.prisma.$transaction(async (tx) => {
      const current = await tx.oAuthClient.findUnique({
        where: { id },
        select: {
          type: true,
          subjectType: true,
          grantTypes: true,
          redirectUris: true,
          scopes: true,
          baseUrl: true,
          logoutPath: true,
          storeHash: true,
          channelIds: true,
          canIntrospect: true,
        },
      });
      if (!current) throw notFound('client');
      const { type, ...stored } = current;
      // The client as it will be: an absent field keeps its stored value.
      const merged = Object.fromEntries(
        Object.entries(stored).map(([key, value]) => [key, key in fields ? fields[key as keyof typeof fields] : value]),
      ) as typeof stored;
      assertClientShape({ type, ...merged });
      await assertStoreChannelsFree(tx, { id, storeHash: merged.storeHash, channelIds: merged.channelIds });
      if (fields.loginTokenDefault) await clearLoginTokenDefault(tx, id);
      const row = await tx.oAuthClient.update({
        where: { id },
        data: { ...fields, loginLinkSecretEnc: sealed(ctx.secretBox, loginLinkSecret) },
      });
      await audit(tx, ctx, { action: 'client.update', ...subject(id), details: { fields: changedFields(input) } });
      return toClientDto(row);
    });
  }),

  /** Its login tokens go with it (cascade), and so do the grants and tokens oidc-provider stored for it. */
  delete: adminProcedure.input(clientIdInput).mutation(
    ({ ctx, input }): Promise<{ id: string; revokedTokens: number }> =>
      ctx.db.prisma.$transaction(async (tx) => {
        await tx.oAuthClient.delete({ where: { id: input.id } });
        const { count } = await tx.oidcPayload.deleteMany({ where: { clientId: input.id } });
        await audit(tx, ctx, { action: 'client.delete', ...subject(input.id), details: { revokedTokens: count } });
        return { id: input.id, revokedTokens: count };
      }),
  ),

  /** A new secret replaces the old one at once: the old one stops working. */
  rotateSecret: adminProcedure.input(clientIdInput).mutation(
    ({ ctx, input }): Promise<ClientWithSecret> =>
      ctx.db.prisma.$transaction(async (tx) => {
        const current = await tx.oAuthClient.findUnique({ where: { id: input.id }, select: { type: true } });
        if (!current) throw notFound('client');
        if (current.type !== 'confidential') throw trpcError('client_has_no_secret', 'a public client has no secret');
        const clientSecret = randomToken(CLIENT_SECRET_PREFIX);
        const row = await tx.oAuthClient.update({
          where: { id: input.id },
          data: { secretHash: hashToken(clientSecret), secretRotatedAt: ctx.clock() },
        });
        await audit(tx, ctx, { action: 'client.rotate_secret', ...subject(input.id) });
        return { client: toClientDto(row), clientSecret };
      }),
  ),
});
