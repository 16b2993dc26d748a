import type { JwtSettings, RevocationList } from "@floorgraph/auth";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { createAccessService } from "./access.ts";
import type { UsersSettings } from "../config.ts";
import { createAccountsService } from "./accounts.ts";
import { createAuthService } from "./auth.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { configurePasswordPool } from "./passwords.ts";
import { createSessionService } from "./sessions.ts";

export function createUsersServices(prisma: PrismaClient, jwt: JwtSettings, revocations: RevocationList, settings: UsersSettings) {
  configurePasswordPool(settings.passwordPool);
  const sessions = createSessionService(prisma, jwt, revocations, settings.sessions);
  return {
    auth: createAuthService(prisma, jwt, sessions, new LoginThrottle(settings.loginThrottle)),
    accounts: createAccountsService(prisma, sessions, revocations),
    access: createAccessService(prisma),
  };
}
export type UsersServices = ReturnType<typeof createUsersServices>;
