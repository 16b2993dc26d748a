import type { Outbox } from "@floorgraph/events";
import type { Prisma } from "@floorgraph/prisma/shipment";
import type { OrderPackedData } from "@floorgraph/warehouse/events";
import { shippingLabelZpl } from "./label.ts";
import { insertLabelledShipment } from "./shipment-writer.ts";
import { generateTrackingNumber } from "./tracking-numbers.ts";

type Tx = Prisma.TransactionClient;

/** What shipment reads of warehouse.order_packed (the warehouse's contract). */
export type PackedOrder = Pick<OrderPackedData, "orderId" | "number" | "partnerId" | "packages">;

/** Thrown for an event that can never be applied (it goes to the dlq after its retries). */
export class UnprocessableEvent extends Error {}

/**
 * The carrier service a packed order ships with when nobody chose: the first active carrier by code,
 * with its slowest (cheapest) service level. Rate shopping per destination would replace this.
 */
async function defaultService(tx: Tx) {
  const carrier = await tx.carrier.findFirst({ where: { active: true }, orderBy: { code: "asc" }, include: { serviceLevels: { orderBy: [{ transitDays: "desc" }, { code: "asc" }] } } });
  const level = carrier?.serviceLevels[0];
  if (!carrier || !level) throw new UnprocessableEvent("no active carrier with a service level to ship with");
  return { carrier, level };
}

/** A packed order gets its shipment, tracking number and label without anyone asking. */
export function createPackedOrderHandler(outbox: Outbox) {
  return async (tx: Tx, packed: PackedOrder) => {
    if (await tx.shipment.findUnique({ where: { activeOrderId: packed.orderId }, select: { id: true } })) return;
    if (!Array.isArray(packed.packages) || !packed.packages.length) throw new UnprocessableEvent(`order ${packed.number} was packed without packages`);
    const { carrier, level } = await defaultService(tx);
    const trackingNumber = generateTrackingNumber(carrier.trackingPrefix);
    await insertLabelledShipment(tx, outbox, {
      orderId: packed.orderId,
      partnerId: packed.partnerId,
      carrierId: carrier.id,
      serviceLevelId: level.id,
      trackingNumber,
      packages: packed.packages,
      labelZpl: shippingLabelZpl({ trackingNumber, carrierName: carrier.name, serviceLevelName: level.name, orderNumber: packed.number, packages: packed.packages.length }),
      recordedById: null,
      at: new Date(),
    });
  };
}
