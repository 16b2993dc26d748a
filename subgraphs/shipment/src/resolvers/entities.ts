import { requireScope } from "@floorgraph/auth";
import { atMost } from "@floorgraph/service";
import { isId } from "@floorgraph/errors";
import type { CarrierResolvers, DockDoorResolvers, LoadResolvers, OrderResolvers, ShipmentResolvers } from "../generated/graphql.ts";
import { canSeeShipment, visibleShipments } from "../services/visibility.ts";

const READ = "shipments:read";

/** For rows a foreign key guarantees: a miss is a broken database, reported as an internal error. */
function present<T>(row: T | null, what: string): T {
  if (row === null) throw new Error(`${what} referenced by a foreign key is missing`);
  return row;
}

export const Shipment: ShipmentResolvers = {
  async __resolveReference(reference, ctx) {
    const identity = requireScope(ctx, READ);
    const shipment = isId(reference.id) ? await ctx.loaders.shipment.load(reference.id.toLowerCase()) : null;
    return shipment && canSeeShipment(identity, shipment) ? shipment : null;
  },
  order: (shipment) => ({ id: shipment.orderId }),
  carrier: async (shipment, _args, ctx) => present(await ctx.loaders.carrier.load(shipment.carrierId), "Carrier"),
  serviceLevel: async (shipment, _args, ctx) => present(await ctx.loaders.serviceLevel.load(shipment.serviceLevelId), "ServiceLevel"),
  async trackingUrl(shipment, _args, ctx) {
    const template = (await ctx.loaders.carrier.load(shipment.carrierId))?.trackingUrlTemplate;
    return template ? template.replaceAll("{trackingNumber}", encodeURIComponent(shipment.trackingNumber)) : null;
  },
  packages: (shipment, _args, ctx) => ctx.loaders.packagesOfShipment.load(shipment.id),
  trackingEvents: async (shipment, _args, ctx) => atMost(await ctx.loaders.trackingEventsOfShipment.load(shipment.id), 100),
  dockDoor: (shipment, _args, ctx) => (shipment.dockDoorId ? ctx.loaders.dockDoor.load(shipment.dockDoorId) : null),
  load: (shipment, _args, ctx) => (shipment.loadId ? ctx.loaders.load.load(shipment.loadId) : null),
};

export const Order: OrderResolvers = {
  // The orders subgraph owns the order; here it is only the key its shipments hang from.
  __resolveReference(reference, ctx) {
    requireScope(ctx, READ);
    return { id: reference.id };
  },
  async shipments(order, _args, ctx) {
    const identity = requireScope(ctx, READ);
    if (!isId(order.id)) return [];
    return atMost(visibleShipments(identity, await ctx.loaders.shipmentsOfOrder.load(order.id.toLowerCase())), 10);
  },
};

export const Carrier: CarrierResolvers = {
  __resolveReference(reference, ctx) {
    requireScope(ctx, READ);
    return isId(reference.id) ? ctx.loaders.carrier.load(reference.id.toLowerCase()) : null;
  },
  serviceLevels: async (carrier, _args, ctx) => atMost(await ctx.loaders.serviceLevelsOfCarrier.load(carrier.id), 20),
};

export const DockDoor: DockDoorResolvers = {
  __resolveReference(reference, ctx) {
    requireScope(ctx, READ);
    return isId(reference.id) ? ctx.loaders.dockDoor.load(reference.id.toLowerCase()) : null;
  },
};

export const Load: LoadResolvers = {
  __resolveReference(reference, ctx) {
    requireScope(ctx, READ);
    return isId(reference.id) ? ctx.loaders.load.load(reference.id.toLowerCase()) : null;
  },
  carrier: async (load, _args, ctx) => present(await ctx.loaders.carrier.load(load.carrierId), "Carrier"),
  dockDoor: (load, _args, ctx) => (load.dockDoorId ? ctx.loaders.dockDoor.load(load.dockDoorId) : null),
  async shipments(load, _args, ctx) {
    const identity = requireScope(ctx, READ);
    return atMost(visibleShipments(identity, await ctx.loaders.shipmentsOfLoad.load(load.id)), 200);
  },
};
