import type { PeerUrls } from "@floorgraph/service";
import type { PrismaClient } from "@floorgraph/prisma/orders";
import { createPlacementService } from "./placement.ts";
import { createReadsService } from "./reads.ts";
import { createSkuCatalog } from "./sku-catalog.ts";
import { createStatusService } from "./status.ts";

export function createOrdersServices(prisma: PrismaClient, peers: PeerUrls) {
  return {
    placement: createPlacementService(prisma, createSkuCatalog(peers.inventory)),
    status: createStatusService(prisma),
    reads: createReadsService(prisma),
  };
}
export type OrdersServices = ReturnType<typeof createOrdersServices>;
