import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, conflict, notFound } from "@floorgraph/errors";
import type { PrismaClient, ShipmentStatus } from "@floorgraph/prisma/shipment";
import type { Outbox } from "@floorgraph/events";
import { audit } from "./audit.ts";
import { shipmentStatusChanged } from "./shipment-events.ts";
import { statusColumns, refuseTransition } from "./status.ts";

export interface NewTrackingEvent {
  shipmentId: string;
  status: ShipmentStatus;
  description: string;
  location?: string | null;
  occurredAt?: Date | null;
}

const MAX_DESCRIPTION = 500;
const MAX_LOCATION = 200;
/** Clocks of scanners and carrier systems drift a little; a few seconds ahead is not "the future". */
const CLOCK_SKEW_MS = 5_000;

export function createTrackingService(prisma: PrismaClient, outbox: Outbox) {
  const service = {
    /** Records what happened to a shipment and moves its status, forward only (see status.ts). */
    async addEvent(actor: Identity, input: NewTrackingEvent) {
      const shipmentId = assertId(input.shipmentId, "shipmentId");
      const description = input.description.trim();
      if (!description || description.length > MAX_DESCRIPTION) {
        throw badInput(`description must be 1 to ${MAX_DESCRIPTION} characters`, { field: "description" });
      }
      const location = input.location?.trim() || null;
      if (location && location.length > MAX_LOCATION) throw badInput(`location must be at most ${MAX_LOCATION} characters`, { field: "location" });
      const now = new Date();
      const occurredAt = input.occurredAt ?? now;
      if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badInput("occurredAt may not be in the future", { field: "occurredAt" });

      const shipment = await prisma.shipment.findUnique({ where: { id: shipmentId } });
      if (!shipment) throw notFound("Shipment", shipmentId);
      const refusal = refuseTransition(shipment.status, input.status, shipment.shippedAt !== null);
      if (refusal) throw conflict(refusal, { from: shipment.status, to: input.status });

      const updated = await prisma.$transaction(async (tx) => {
        // Guarded on the status just checked, so two concurrent events cannot both move the same step.
        const moved = await tx.shipment.updateMany({
          where: { id: shipmentId, status: shipment.status },
          data: { status: input.status, ...statusColumns(input.status, occurredAt, shipment) },
        });
        if (moved.count === 0) throw conflict("The shipment changed while this event was recorded; reload and retry", { from: shipment.status, to: input.status });
        await tx.trackingEvent.create({ data: { shipmentId, status: input.status, description, location, occurredAt, recordedById: actor.userId } });
        await audit(tx, actor, "shipment.tracking_event", "Shipment", shipmentId, { from: shipment.status, to: input.status, occurredAt: occurredAt.toISOString() });
        if (input.status !== shipment.status) await outbox.append(tx, shipmentStatusChanged(shipment, { from: shipment.status, to: input.status }));
        return tx.shipment.findUniqueOrThrow({ where: { id: shipmentId } });
      });
      outbox.flush();
      return updated;
    },

    /** The shipment left with the carrier: a SHIPPED tracking event; the order follows. */
    ship: (actor: Identity, shipmentId: string) => service.addEvent(actor, { shipmentId, status: "SHIPPED", description: "Handed over to the carrier" }),
  };
  return service;
}
export type TrackingService = ReturnType<typeof createTrackingService>;
