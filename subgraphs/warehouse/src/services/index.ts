import type { Outbox } from "@floorgraph/events";
import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { createLayoutService } from "./layout.ts";
import { createLocationsService } from "./locations.ts";
import { createPackingService } from "./packing.ts";
import { createPickingService } from "./picking.ts";
import { createWaveService } from "./waves.ts";
import { createWorkReads } from "./work-reads.ts";

export function createWarehouseServices(prisma: PrismaClient, outbox: Outbox) {
  return {
    layout: createLayoutService(prisma),
    locations: createLocationsService(prisma),
    waves: createWaveService(prisma, outbox),
    picking: createPickingService(prisma, outbox),
    packing: createPackingService(prisma, outbox),
    work: createWorkReads(prisma),
  };
}
export type WarehouseServices = ReturnType<typeof createWarehouseServices>;
