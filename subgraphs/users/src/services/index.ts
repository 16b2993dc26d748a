import type { JwtSettings } from "@floorgraph/auth";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { createAccessService } from "./access.ts";
import { createAccountsService } from "./accounts.ts";
import { createAuthService } from "./auth.ts";

export function createUsersServices(prisma: PrismaClient, jwt: JwtSettings) {
  return { auth: createAuthService(prisma, jwt), accounts: createAccountsService(prisma), access: createAccessService(prisma) };
}
export type UsersServices = ReturnType<typeof createUsersServices>;
