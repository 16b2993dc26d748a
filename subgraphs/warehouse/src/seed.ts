import { demoDataset } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";

const CHUNK = 1000;

const chunks = <T>(rows: T[]) => Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));

/** Writes the demo warehouses, zones and ~5,000 locations in one transaction. Only called outside production. */
export async function seedWarehouse(prisma: PrismaClient, logger: Logger): Promise<boolean> {
  if ((await prisma.warehouse.count()) > 0) return false;
  const { warehouses, zones, locations } = demoDataset();
  await prisma.$transaction([
    prisma.warehouse.createMany({ data: warehouses }),
    prisma.zone.createMany({ data: zones }),
    ...chunks(locations).map((data) => prisma.location.createMany({ data })),
  ]);
  logger.info({ warehouses: warehouses.length, zones: zones.length, locations: locations.length }, "seeded demo layout");
  return true;
}
