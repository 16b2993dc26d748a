import type { Outbox } from "@floorgraph/events";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import type { PeerUrls } from "@floorgraph/service";
import { createAdjustmentsService } from "./adjustments.ts";
import { createCatalogService } from "./catalog.ts";
import { createLocationDirectory } from "./locations.ts";
import { createReservationService } from "./reservations.ts";
import { createTransfersService } from "./transfers.ts";

export function createInventoryServices(prisma: PrismaClient, peers: PeerUrls, outbox: Outbox) {
  const locations = createLocationDirectory(peers);
  const reservations = createReservationService(outbox);
  return {
    catalog: createCatalogService(prisma),
    adjustments: createAdjustmentsService(prisma, locations, reservations, outbox),
    transfers: createTransfersService(prisma, locations),
    reservations,
  };
}
export type InventoryServices = ReturnType<typeof createInventoryServices>;
