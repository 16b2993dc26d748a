import { requireRole } from "@floorgraph/auth";
import type { MutationResolvers } from "../generated/graphql.ts";

const SHIPPERS = ["ADMIN", "SUPERVISOR", "OPERATOR"] as const;

export const Mutation: MutationResolvers = {
  createShipment: (_parent, { input }, ctx) =>
    ctx.services.shipments.create(requireRole(ctx, SHIPPERS, "create shipments"), ctx, input),
  addTrackingEvent: (_parent, { input }, ctx) =>
    ctx.services.tracking.addEvent(requireRole(ctx, SHIPPERS, "record tracking events"), {
      ...input,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
    }),
  shipShipment: (_parent, { id }, ctx) => ctx.services.tracking.ship(requireRole(ctx, SHIPPERS, "ship shipments"), id),
};
