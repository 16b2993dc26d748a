import type { ShipmentStatus } from "@floorgraph/prisma/shipment";

/** The normal life of a shipment; a tracking event may skip steps but never go back. */
const SHIPMENT_PATH: readonly ShipmentStatus[] = ["CREATED", "LABELLED", "LOADED", "SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"];
const FINAL: readonly ShipmentStatus[] = ["DELIVERED", "CANCELLED"];
const rank = (status: ShipmentStatus) => SHIPMENT_PATH.indexOf(status);
const SHIPPED_RANK = rank("SHIPPED");

/**
 * Why a shipment in `from` may not move to `to`, or null when it may. `shipped` says whether the
 * goods have left the warehouse: only then is cancelling no longer possible.
 */
export function refuseTransition(from: ShipmentStatus, to: ShipmentStatus, shipped: boolean): string | null {
  if (FINAL.includes(from)) return `The shipment is ${from}, which is final`;
  if (to === "CANCELLED") return shipped ? "A shipment that has left the warehouse cannot be cancelled" : null;
  if (to === "EXCEPTION") return from === "EXCEPTION" ? "The shipment is already in EXCEPTION" : null;
  if (from === "EXCEPTION") return to === "IN_TRANSIT" ? null : "From EXCEPTION a shipment can only go back to IN_TRANSIT";
  // Carriers scan a parcel at every hub on the way: repeated IN_TRANSIT events are progress, not a step back.
  if (from === "IN_TRANSIT" && to === "IN_TRANSIT") return null;
  return rank(to) > rank(from) ? null : `A shipment cannot move back from ${from} to ${to}`;
}

/** The columns a move to `to` sets besides the status: first-time timestamps, and release of the order on cancellation. */
export function statusColumns(to: ShipmentStatus, at: Date, current: { shippedAt: Date | null; deliveredAt: Date | null }) {
  const reachesShipped = rank(to) >= SHIPPED_RANK;
  return {
    ...(to === "CANCELLED" ? { activeOrderId: null } : {}),
    ...(reachesShipped && !current.shippedAt ? { shippedAt: at } : {}),
    ...(to === "DELIVERED" && !current.deliveredAt ? { deliveredAt: at } : {}),
  };
}
