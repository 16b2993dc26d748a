import { demoWarehouses } from "./layout.ts";
import type { DemoOrder } from "./orders.ts";
import { demoId, type Random } from "./random.ts";

export type DemoShipmentStatus =
  | "CREATED" | "LABELLED" | "LOADED" | "SHIPPED" | "IN_TRANSIT" | "OUT_FOR_DELIVERY" | "DELIVERED" | "EXCEPTION" | "CANCELLED";

export interface DemoCarrier {
  id: string;
  code: string;
  name: string;
  trackingUrlTemplate: string;
  trackingPrefix: string;
  serviceLevels: { id: string; code: string; name: string; transitDays: number; cutoffTime: string }[];
}

export interface DemoShipment {
  id: string;
  orderId: string;
  partnerId: string | null;
  carrierId: string;
  serviceLevelId: string;
  dockDoorId: string | null;
  loadId: string | null;
  trackingNumber: string;
  status: DemoShipmentStatus;
  packages: { id: string; weightKg: number; lengthCm: number; widthCm: number; heightCm: number; trackingNumber: string | null }[];
  events: { id: string; status: DemoShipmentStatus; description: string; location: string | null; occurredAt: Date }[];
  createdAt: Date;
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

const carrier = (code: string, name: string, url: string, prefix: string, levels: [string, string, number, string][]): DemoCarrier => ({
  id: demoId("carrier", code),
  code,
  name,
  trackingUrlTemplate: url,
  trackingPrefix: prefix,
  serviceLevels: levels.map(([c, n, days, cutoff]) => ({ id: demoId("servicelevel", `${code}/${c}`), code: c, name: n, transitDays: days, cutoffTime: cutoff })),
});

export const demoCarriers: DemoCarrier[] = [
  carrier("DHL", "DHL Parcel", "https://tracking.example/dhl/{trackingNumber}", "JVGL", [["PARCEL", "DHL Parcel Connect", 2, "18:00"], ["EXPRESS", "DHL Express 12:00", 1, "16:00"]]),
  carrier("POSTNL", "PostNL", "https://tracking.example/postnl/{trackingNumber}", "3S", [["STANDARD", "Standaard pakket", 1, "19:00"]]),
  carrier("DPD", "DPD", "https://tracking.example/dpd/{trackingNumber}", "0534", [["CLASSIC", "DPD Classic", 2, "17:30"]]),
  carrier("UPS", "UPS", "https://tracking.example/ups/{trackingNumber}", "1Z", [["STANDARD", "UPS Standard", 2, "17:00"], ["SAVER", "UPS Express Saver", 1, "15:30"]]),
];

export const demoDockDoors = demoWarehouses.flatMap((w) =>
  Array.from({ length: 10 }, (_, i) => ({ id: demoId("dockdoor", `${w.code}/D${i + 1}`), code: `D${String(i + 1).padStart(2, "0")}`, warehouseId: w.id })),
);

const SHIPPING: Record<string, DemoShipmentStatus[]> = {
  PACKED: ["CREATED", "LABELLED"],
  SHIPPED: ["LABELLED", "SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY"],
  DELIVERED: ["LABELLED", "SHIPPED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"],
};
const HUBS = ["Amsterdam hub", "Utrecht sorting centre", "Nieuwegein depot", "Venlo cross-dock", "Local depot"];

export function buildShipments(random: Random, orders: DemoOrder[]) {
  const shipments: DemoShipment[] = [];
  const openLoads = demoCarriers.map((c) => ({ id: demoId("load", c.code), carrierId: c.id, dockDoorId: demoDockDoors[0]?.id ?? null }));
  for (const order of orders) {
    const path = SHIPPING[order.status];
    if (!path) continue;
    const c = random.pick(demoCarriers);
    const level = random.pick(c.serviceLevels);
    const packedAt = order.history.at(-1)?.at ?? order.createdAt;
    const steps = order.status === "PACKED" ? path.slice(0, random.int(1, path.length)) : order.status === "SHIPPED" ? path.slice(0, random.int(2, path.length)) : path;
    const status = steps.at(-1) as DemoShipmentStatus;
    let at = packedAt;
    const events = steps.map((s, i) => {
      at = new Date(at.getTime() + random.int(30, 720) * 60_000);
      return { id: demoId("trackingevent", `${order.number}/${i}`), status: s, description: describe(s), location: s === "CREATED" || s === "LABELLED" ? null : random.pick(HUBS), occurredAt: at };
    });
    const trackingNumber = `${c.trackingPrefix}${String(random.int(10_000_000, 99_999_999))}${String(random.int(1000, 9999))}`;
    const shippedEvent = events.find((e) => e.status === "SHIPPED");
    const load = status === "LABELLED" ? openLoads.find((l) => l.carrierId === c.id) : undefined;
    shipments.push({
      id: demoId("shipment", order.number),
      orderId: order.id,
      partnerId: order.partnerId,
      carrierId: c.id,
      serviceLevelId: level.id,
      dockDoorId: load?.dockDoorId ?? null,
      loadId: load?.id ?? null,
      trackingNumber,
      status,
      packages: Array.from({ length: random.int(1, 3) }, (_, i) => ({
        id: demoId("package", `${order.number}/${i}`),
        weightKg: Math.round(random.next() * 20_000) / 1000 + 0.2,
        lengthCm: random.int(20, 80),
        widthCm: random.int(15, 60),
        heightCm: random.int(10, 50),
        trackingNumber: `${trackingNumber}-${i + 1}`,
      })),
      events: events.reverse(),
      createdAt: packedAt,
      shippedAt: shippedEvent?.occurredAt ?? null,
      deliveredAt: status === "DELIVERED" ? (events[0]?.occurredAt ?? null) : null,
    });
  }
  return { shipments, loads: openLoads };
}

function describe(status: DemoShipmentStatus): string {
  switch (status) {
    case "CREATED": return "Shipment created";
    case "LABELLED": return "Label printed";
    case "SHIPPED": return "Handed over to carrier";
    case "IN_TRANSIT": return "In transit";
    case "OUT_FOR_DELIVERY": return "Out for delivery";
    case "DELIVERED": return "Delivered";
    default: return status;
  }
}
