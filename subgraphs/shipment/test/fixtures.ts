import { demoDataset, demoId, type DemoShipment } from "@floorgraph/demo-data";

export const data = demoDataset();
export const ACME = demoId("partner", "ACME");
export const NORDIC = demoId("partner", "NORDIC");

export function demoShipment(predicate: (s: DemoShipment) => boolean): DemoShipment {
  const shipment = data.shipments.find(predicate);
  if (!shipment) throw new Error("the demo data has no such shipment");
  return shipment;
}

/** Newest first, the order `shipments` promises. */
export const newestFirst = (a: DemoShipment, b: DemoShipment) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

export const SHIPMENT_FIELDS = `id trackingNumber trackingUrl status createdAt shippedAt deliveredAt order { id }
  carrier { code name } serviceLevel { code cutoffTime } packages { id weightKg lengthCm trackingNumber }
  trackingEvents { status description location occurredAt } dockDoor { code } load { id status }`;
