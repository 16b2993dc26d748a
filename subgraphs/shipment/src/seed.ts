import type { SeedCounts } from "@floorgraph/service";
import { demoDataset, type DemoCarrier, inChunks, SEED_TRANSACTION_OPTIONS } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { PrismaClient } from "@floorgraph/prisma/shipment";

/** Today (UTC) at the carrier's first service level's cutoff: when the carrier's open load closes. */
function cutoffToday(carrier: DemoCarrier | undefined, now: Date): Date {
  const [hours = 18, minutes = 0] = (carrier?.serviceLevels[0]?.cutoffTime ?? "18:00").split(":").map(Number);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes));
}

/** Writes the demo carriers, dock doors, open loads and the shipments of packed, shipped and delivered orders. */
export async function seedShipment(prisma: PrismaClient, logger: Logger): Promise<SeedCounts | false> {
  if ((await prisma.carrier.count()) > 0) return false;
  const { carriers, dockDoors, loads, shipments } = demoDataset();
  const now = new Date();
  const packages = shipments.flatMap((s) => s.packages.map((p, i) => ({ ...p, shipmentId: s.id, sequence: i + 1 })));
  const events = shipments.flatMap((s) => s.events.map((e) => ({ ...e, shipmentId: s.id })));
  await prisma.$transaction([
    prisma.carrier.createMany({
      data: carriers.map(({ serviceLevels: _levels, ...carrier }) => carrier),
    }),
    prisma.serviceLevel.createMany({ data: carriers.flatMap((c) => c.serviceLevels.map((l) => ({ ...l, carrierId: c.id }))) }),
    prisma.dockDoor.createMany({ data: dockDoors }),
    prisma.load.createMany({
      data: loads.map((l) => ({ ...l, status: "OPEN" as const, cutoffAt: cutoffToday(carriers.find((c) => c.id === l.carrierId), now) })),
    }),
    ...inChunks(
      shipments.map(({ packages: _packages, events: _events, ...shipment }) => ({
        ...shipment,
        activeOrderId: shipment.status === "CANCELLED" ? null : shipment.orderId,
      })),
    ).map((data) => prisma.shipment.createMany({ data })),
    ...inChunks(packages).map((data) => prisma.package.createMany({ data })),
    ...inChunks(events).map((data) => prisma.trackingEvent.createMany({ data })),
  ], SEED_TRANSACTION_OPTIONS);
  const counts = { carriers: carriers.length, dockDoors: dockDoors.length, shipments: shipments.length, packages: packages.length, events: events.length };
  logger.info(counts, "seeded demo shipments");
  return counts;
}
