import { assertId } from "@floorgraph/errors";
import type { LoadStatus, PrismaClient } from "@floorgraph/prisma/shipment";

/** Carriers, dock doors and loads: operational reference data, not owned by any partner. */
export function createReferenceService(prisma: PrismaClient) {
  return {
    carriers: () => prisma.carrier.findMany({ orderBy: { code: "asc" } }),
    dockDoors: (warehouseId?: string | null) =>
      prisma.dockDoor.findMany({
        where: warehouseId ? { warehouseId: assertId(warehouseId, "warehouseId") } : {},
        orderBy: [{ warehouseId: "asc" }, { code: "asc" }],
      }),
    // Departed loads pile up; newest cutoffs are the ones anyone looks for.
    loads: (status: LoadStatus | null | undefined, first: number) =>
      prisma.load.findMany({ where: status ? { status } : {}, orderBy: [{ cutoffAt: "desc" }, { id: "asc" }], take: first }),
  };
}
export type ReferenceService = ReturnType<typeof createReferenceService>;
