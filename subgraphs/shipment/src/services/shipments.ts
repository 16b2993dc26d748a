import { isStaff, type Identity } from "@floorgraph/auth";
import { assertId, conflict, isUniqueViolation, notFound } from "@floorgraph/errors";
import type { Prisma, PrismaClient, ShipmentStatus } from "@floorgraph/prisma/shipment";
import type { Outbox } from "@floorgraph/events";
import { audit } from "./audit.ts";
import type { Caller, OrdersPeer } from "./orders-peer.ts";
import { validatePackages, type PackageInput } from "./packages.ts";
import { insertLabelledShipment } from "./shipment-writer.ts";
import { generateTrackingNumber } from "./tracking-numbers.ts";
import { canSeeShipment } from "./visibility.ts";

export interface NewShipment {
  orderId: string;
  carrierCode: string;
  serviceLevelCode: string;
  packages: PackageInput[];
}

export interface ShipmentFilter {
  first: number;
  after?: string | null;
  status?: ShipmentStatus | null;
  carrierCode?: string | null;
}

/** Tracking numbers are random; a clash with an existing one is retried with a fresh number. */
const TRACKING_NUMBER_ATTEMPTS = 3;
const normalizeCode = (code: string) => code.trim().toUpperCase();

export function createShipmentsService(prisma: PrismaClient, orders: OrdersPeer, outbox: Outbox) {
  const activeShipmentOf = (orderId: string) =>
    prisma.shipment.findUnique({ where: { activeOrderId: orderId }, select: { id: true, trackingNumber: true } });

  return {
    /** Newest first, keyset-paginated on (createdAt, id); partners get only their organisation's shipments. */
    list(identity: Identity, filter: ShipmentFilter) {
      if (!isStaff(identity) && !identity.partnerId) return Promise.resolve([]);
      const where: Prisma.ShipmentWhereInput = {
        ...(isStaff(identity) ? {} : { partnerId: identity.partnerId }),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.carrierCode ? { carrier: { code: normalizeCode(filter.carrierCode) } } : {}),
      };
      return prisma.shipment.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: filter.first,
        ...(filter.after ? { cursor: { id: assertId(filter.after, "after") }, skip: 1 } : {}),
      });
    },

    async byTrackingNumber(identity: Identity, trackingNumber: string) {
      const shipment = await prisma.shipment.findUnique({ where: { trackingNumber: trackingNumber.trim().toUpperCase() } });
      return shipment && canSeeShipment(identity, shipment) ? shipment : null;
    },

    /**
     * Labels a packed order: checks the parcels, the carrier and the order (asked from the orders
     * subgraph), then writes the shipment, its packages, its first tracking event and the audit
     * entry in one transaction.
     */
    async create(actor: Identity, caller: Caller, input: NewShipment) {
      validatePackages(input.packages);
      const orderId = assertId(input.orderId, "orderId");
      const carrierCode = normalizeCode(input.carrierCode);
      const carrier = await prisma.carrier.findUnique({ where: { code: carrierCode } });
      if (!carrier) throw notFound("Carrier", carrierCode);
      if (!carrier.active) throw conflict(`Carrier ${carrierCode} is not active`);
      const levelCode = normalizeCode(input.serviceLevelCode);
      const level = await prisma.serviceLevel.findUnique({ where: { carrierId_code: { carrierId: carrier.id, code: levelCode } } });
      if (!level) throw notFound("Service level", `${carrierCode}/${levelCode}`);

      const order = await orders.fetchOrder(caller, orderId);
      if (!order) throw notFound("Order", orderId);
      if (order.status !== "PACKED") throw conflict(`Order ${orderId} is ${order.status}; only PACKED orders can be shipped`, { orderStatus: order.status });
      const existing = await activeShipmentOf(orderId);
      if (existing) throw conflict(`Order ${orderId} already has shipment ${existing.trackingNumber}`, { shipmentId: existing.id });

      for (let attempt = 1; ; attempt++) {
        const trackingNumber = generateTrackingNumber(carrier.trackingPrefix);
        const now = new Date();
        try {
          const shipment = await prisma.$transaction(async (tx) => {
            const shipment = await insertLabelledShipment(tx, outbox, {
              orderId,
              partnerId: order.partnerId,
              carrierId: carrier.id,
              serviceLevelId: level.id,
              trackingNumber,
              packages: input.packages,
              recordedById: actor.userId,
              at: now,
            });
            await audit(tx, actor, "shipment.created", "Shipment", shipment.id, { orderId, trackingNumber, carrier: carrierCode, serviceLevel: levelCode, packages: input.packages.length });
            return shipment;
          });
          outbox.flush();
          return shipment;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          // Either another request shipped the same order meanwhile, or the random number clashed.
          const raced = await activeShipmentOf(orderId);
          if (raced) throw conflict(`Order ${orderId} already has shipment ${raced.trackingNumber}`, { shipmentId: raced.id });
          if (attempt >= TRACKING_NUMBER_ATTEMPTS) throw error;
        }
      }
    },
  };
}
export type ShipmentsService = ReturnType<typeof createShipmentsService>;
