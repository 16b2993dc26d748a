import type { SeedCounts } from "@floorgraph/service";
import { demoDataset, type DemoOrder, inChunks, SEED_TRANSACTION_OPTIONS } from "@floorgraph/demo-data";
import type { Logger } from "@floorgraph/logger";
import type { Prisma, PrismaClient } from "@floorgraph/prisma/orders";
import { parseOrderNumber } from "./services/order-number.ts";
import { requestFingerprint } from "./services/order-input.ts";

function orderRow(order: DemoOrder): Prisma.OrderCreateManyInput {
  const seq = parseOrderNumber(order.number);
  if (seq === null) throw new Error(`demo order number ${order.number} is not canonical`);
  const last = order.history[order.history.length - 1];
  return {
    id: order.id,
    seq,
    status: order.status,
    priority: order.priority,
    customerId: order.customerId,
    partnerId: order.partnerId,
    externalReference: order.externalReference,
    requestedShipDate: order.requestedShipDate ? new Date(`${order.requestedShipDate}T00:00:00Z`) : null,
    shipToName: order.shipTo.name,
    shipToLine1: order.shipTo.line1,
    shipToLine2: order.shipTo.line2,
    shipToCity: order.shipTo.city,
    shipToPostalCode: order.shipTo.postalCode,
    shipToCountry: order.shipTo.country,
    shipToPhone: order.shipTo.phone,
    // The same scope placeOrder would use: the partner for partner users, the user for staff.
    idempotencyScope: order.partnerId ?? order.customerId,
    idempotencyKey: order.idempotencyKey,
    requestFingerprint: requestFingerprint(order),
    cancellationReason: order.cancellationReason,
    createdAt: order.createdAt,
    updatedAt: last?.at ?? order.createdAt,
  };
}

/** Writes the demo orders with their lines and history, then moves the number sequence past them. */
export async function seedOrders(prisma: PrismaClient, logger: Logger): Promise<SeedCounts | false> {
  if ((await prisma.order.count()) > 0) return false;
  const { orders } = demoDataset();
  // Demo history predates the event flow: orders past picking show their lines picked (no stock was
  // reserved for demo orders, and the warehouse has no pick tasks for them).
  const picked = new Set(["PACKED", "SHIPPED", "DELIVERED"]);
  const lines = orders.flatMap((o) => o.lines.map((l) => ({ ...l, orderId: o.id, pickedQuantity: picked.has(o.status) ? l.quantity : 0 })));
  const history = orders.flatMap((o) =>
    o.history.map((h) => ({ orderId: o.id, fromStatus: h.from, toStatus: h.to, at: h.at, reason: h.to === "CANCELLED" ? o.cancellationReason : null })),
  );
  await prisma.$transaction([
    ...inChunks(orders.map(orderRow)).map((data) => prisma.order.createMany({ data })),
    ...inChunks(lines).map((data) => prisma.orderLine.createMany({ data })),
    ...inChunks(history).map((data) => prisma.orderStatusChange.createMany({ data })),
    // Explicit seq values do not advance the sequence; without this the next order would collide with SO-000001.
    prisma.$executeRaw`SELECT setval(pg_get_serial_sequence('"Order"', 'seq'), (SELECT max(seq) FROM "Order"))`,
  ], SEED_TRANSACTION_OPTIONS);
  const counts = { orders: orders.length, lines: lines.length, history: history.length };
  logger.info(counts, "seeded demo orders");
  return counts;
}
