import type { SeedCounts } from "@floorgraph/service";
import { DEMO_PASSWORD, demoPartners, demoUsers, SEED_TRANSACTION_OPTIONS } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { hashPassword } from "./services/passwords.ts";

/** Writes the demo partners and one account per role. Only called outside production. */
export async function seedUsers(prisma: PrismaClient, logger: Logger): Promise<SeedCounts | false> {
  if ((await prisma.user.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction([
    prisma.partner.createMany({ data: demoPartners }),
    prisma.user.createMany({
      data: demoUsers.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, partnerId: u.partnerId, passwordHash })),
    }),
  ], SEED_TRANSACTION_OPTIONS);
  const counts = { users: demoUsers.length, partners: demoPartners.length };
  logger.info(counts, "seeded demo users");
  return counts;
}
