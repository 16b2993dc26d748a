import type { SeedCounts } from "@floorgraph/service";
import { demoDataset, inChunks, SEED_TRANSACTION_OPTIONS } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";

/** Writes the demo warehouses, zones and ~5,000 locations in one transaction. Only called outside production. */
export async function seedWarehouse(prisma: PrismaClient, logger: Logger): Promise<SeedCounts | false> {
  if ((await prisma.warehouse.count()) > 0) return false;
  const { warehouses, zones, locations } = demoDataset();
  await prisma.$transaction([
    prisma.warehouse.createMany({ data: warehouses }),
    prisma.zone.createMany({ data: zones }),
    ...inChunks(locations).map((data) => prisma.location.createMany({ data })),
  ], SEED_TRANSACTION_OPTIONS);
  const counts = { warehouses: warehouses.length, zones: zones.length, locations: locations.length };
  logger.info(counts, "seeded demo layout");
  return counts;
}
