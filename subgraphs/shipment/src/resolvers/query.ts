import { requireScope } from "@floorgraph/auth";
import { assertId } from "@floorgraph/errors";
import { pageSize, atMost } from "@floorgraph/service";
import type { QueryResolvers } from "../generated/graphql.ts";
import { canSeeShipment } from "../services/visibility.ts";

const READ = "shipments:read";

export const Query: QueryResolvers = {
  async shipment(_parent, { id }, ctx) {
    const identity = requireScope(ctx, READ);
    const shipment = await ctx.loaders.shipment.load(assertId(id));
    return shipment && canSeeShipment(identity, shipment) ? shipment : null;
  },
  shipmentByTracking: (_parent, { trackingNumber }, ctx) =>
    ctx.services.shipments.byTrackingNumber(requireScope(ctx, READ), trackingNumber),
  shipments(_parent, { first, after, status, carrierCode }, ctx) {
    const identity = requireScope(ctx, READ);
    return ctx.services.shipments.list(identity, { first: pageSize(first, 20), after, status, carrierCode });
  },
  async carriers(_parent, _args, ctx) {
    requireScope(ctx, READ);
    return atMost(await ctx.services.reference.carriers(), 50);
  },
  async dockDoors(_parent, { warehouseId }, ctx) {
    requireScope(ctx, READ);
    return atMost(await ctx.services.reference.dockDoors(warehouseId), 100);
  },
  loads(_parent, { status, first }, ctx) {
    requireScope(ctx, READ);
    return ctx.services.reference.loads(status, pageSize(first, 50));
  },
};
