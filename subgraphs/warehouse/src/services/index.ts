import type { PrismaClient } from "@floorgraph/prisma/warehouse";
import { createLayoutService } from "./layout.ts";
import { createLocationsService } from "./locations.ts";

export function createWarehouseServices(prisma: PrismaClient) {
  return { layout: createLayoutService(prisma), locations: createLocationsService(prisma) };
}
export type WarehouseServices = ReturnType<typeof createWarehouseServices>;
