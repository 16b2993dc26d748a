import type { Prisma, Shipment } from "@floorgraph/prisma/shipment";
import type { PackageInput } from "./packages.ts";
import { shipmentCreated, shipmentStatusChanged } from "./shipment-events.ts";
import type { Outbox } from "@floorgraph/events";

export interface LabelledShipment {
  orderId: string;
  partnerId: string | null;
  carrierId: string;
  serviceLevelId: string;
  trackingNumber: string;
  packages: readonly PackageInput[];
  labelZpl?: string | null;
  recordedById: string | null;
  at: Date;
}

/** Writes a LABELLED shipment with its packages and first tracking event, and announces it. */
export async function insertLabelledShipment(tx: Prisma.TransactionClient, outbox: Outbox, s: LabelledShipment): Promise<Shipment> {
  const shipment = await tx.shipment.create({
    data: {
      orderId: s.orderId,
      activeOrderId: s.orderId,
      partnerId: s.partnerId,
      carrierId: s.carrierId,
      serviceLevelId: s.serviceLevelId,
      trackingNumber: s.trackingNumber,
      status: "LABELLED",
      labelZpl: s.labelZpl ?? null,
      packages: {
        createMany: { data: s.packages.map((p, i) => ({ ...p, sequence: i + 1, trackingNumber: `${s.trackingNumber}-${i + 1}` })) },
      },
      trackingEvents: { create: { status: "LABELLED", description: "Label printed", occurredAt: s.at, recordedById: s.recordedById } },
    },
  });
  await outbox.append(
    tx,
    shipmentCreated(shipment, { trackingNumber: shipment.trackingNumber, carrierId: s.carrierId, packages: s.packages.length }),
    shipmentStatusChanged(shipment, { from: null, to: "LABELLED" }),
  );
  return shipment;
}
