import { isStaff, type Identity } from "@floorgraph/auth";
import type { Shipment } from "@floorgraph/prisma/shipment";

/** Staff see every shipment; a partner (user or API key) only those of its own organisation's orders. */
export const canSeeShipment = (identity: Identity, shipment: Pick<Shipment, "partnerId">) =>
  isStaff(identity) || (identity.partnerId !== null && shipment.partnerId === identity.partnerId);

export const visibleShipments = <S extends Pick<Shipment, "partnerId">>(identity: Identity, shipments: S[]) =>
  isStaff(identity) ? shipments : shipments.filter((s) => canSeeShipment(identity, s));
