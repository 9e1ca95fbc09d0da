import type { Prisma, PrismaClient } from './generated/prisma/client.js';

/** The client or a transaction: helpers that only use model delegates take either, so callers can write an audit row in the same transaction. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
