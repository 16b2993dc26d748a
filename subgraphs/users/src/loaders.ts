import { entityLoader, groupLoader } from "@floorgraph/service";
import type { PrismaClient } from "@floorgraph/prisma/users";

/** Per-request batch loaders: one query per entity type however many references a plan asks for. */
export function createUsersLoaders(prisma: PrismaClient) {
  return {
    user: entityLoader((ids: string[]) => prisma.user.findMany({ where: { id: { in: ids } } }), (u) => u.id),
    partner: entityLoader((ids: string[]) => prisma.partner.findMany({ where: { id: { in: ids } } }), (p) => p.id),
    usersOfPartner: groupLoader(
      (ids: string[]) => prisma.user.findMany({ where: { partnerId: { in: ids } }, orderBy: { email: "asc" } }),
      (u) => u.partnerId as string,
    ),
    apiKeysOfPartner: groupLoader(
      (ids: string[]) => prisma.apiKey.findMany({ where: { partnerId: { in: ids } }, orderBy: { createdAt: "desc" } }),
      (k) => k.partnerId,
    ),
  };
}
export type UsersLoaders = ReturnType<typeof createUsersLoaders>;
