import { entityLoader, groupLoader } from "@floorgraph/service";
import type { PrismaClient } from "@floorgraph/prisma/shipment";

const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** Per-request batch loaders: one query per entity type or relation however many parents a plan asks for. */
export function createShipmentLoaders(prisma: PrismaClient) {
  return {
    carrier: entityLoader((ids: string[]) => prisma.carrier.findMany({ where: { id: { in: ids } } }), (c) => c.id),
    serviceLevel: entityLoader((ids: string[]) => prisma.serviceLevel.findMany({ where: { id: { in: ids } } }), (s) => s.id),
    shipment: entityLoader((ids: string[]) => prisma.shipment.findMany({ where: { id: { in: ids } } }), (s) => s.id),
    dockDoor: entityLoader((ids: string[]) => prisma.dockDoor.findMany({ where: { id: { in: ids } } }), (d) => d.id),
    load: entityLoader((ids: string[]) => prisma.load.findMany({ where: { id: { in: ids } } }), (l) => l.id),
    serviceLevelsOfCarrier: groupLoader(
      (ids: string[]) => prisma.serviceLevel.findMany({ where: { carrierId: { in: ids } }, orderBy: { code: "asc" } }),
      (s) => s.carrierId,
    ),
    packagesOfShipment: groupLoader(
      (ids: string[]) => prisma.package.findMany({ where: { shipmentId: { in: ids } }, orderBy: { sequence: "asc" } }),
      (p) => p.shipmentId,
    ),
    trackingEventsOfShipment: groupLoader(
      (ids: string[]) =>
        prisma.trackingEvent.findMany({ where: { shipmentId: { in: ids } }, orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }] }),
      (e) => e.shipmentId,
    ),
    shipmentsOfOrder: groupLoader(
      (ids: string[]) => prisma.shipment.findMany({ where: { orderId: { in: ids } }, orderBy: NEWEST_FIRST }),
      (s) => s.orderId,
    ),
    shipmentsOfLoad: groupLoader(
      (ids: string[]) => prisma.shipment.findMany({ where: { loadId: { in: ids } }, orderBy: NEWEST_FIRST }),
      (s) => s.loadId as string,
    ),
  };
}
export type ShipmentLoaders = ReturnType<typeof createShipmentLoaders>;
