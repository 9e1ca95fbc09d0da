// The Prisma client's runtime values, apart from '@latchkey/db' so that
// importing the package does not load the client (the auth server never does).
export { Prisma, PrismaClient } from './generated/prisma/client.js';
