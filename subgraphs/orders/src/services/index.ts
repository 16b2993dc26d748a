import type { Outbox } from "@floorgraph/events";
import type { PeerUrls } from "@floorgraph/service";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { createPlacementService } from "./placement.ts";
import { createReadsService } from "./reads.ts";
import { createSkuCatalog } from "./sku-catalog.ts";
import { createStatusService } from "./status.ts";

export function createOrdersServices(prisma: PrismaClient, peers: PeerUrls, outbox: Outbox) {
  return {
    placement: createPlacementService(prisma, createSkuCatalog(peers.inventory), outbox),
    status: createStatusService(prisma, outbox),
    reads: createReadsService(prisma),
  };
}
export type OrdersServices = ReturnType<typeof createOrdersServices>;
