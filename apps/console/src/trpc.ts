import type { AdminRouter } from '@latchkey/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** The admin router's procedures as TanStack Query options: types from the router, no code generation. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AdminRouter>();
