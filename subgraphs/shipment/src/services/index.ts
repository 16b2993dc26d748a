import type { Outbox } from "@floorgraph/events";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import type { PeerUrls } from "@floorgraph/service";
import { createOrdersPeer } from "./orders-peer.ts";
import { createReferenceService } from "./reference.ts";
import { createShipmentsService } from "./shipments.ts";
import { createTrackingService } from "./tracking.ts";

export function createShipmentServices(prisma: PrismaClient, peers: PeerUrls, outbox: Outbox) {
  return {
    shipments: createShipmentsService(prisma, createOrdersPeer(peers), outbox),
    tracking: createTrackingService(prisma, outbox),
    reference: createReferenceService(prisma),
  };
}
export type ShipmentServices = ReturnType<typeof createShipmentServices>;
