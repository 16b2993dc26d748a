import type { Stack } from "../src/stack.ts";

const COUNTS: Record<"orders" | "inventory" | "warehouse" | "shipment", string[]> = {
  orders: [
    `SELECT count(*)::int AS n FROM "OrderStatusChange"`,
    `SELECT coalesce(sum("reservedQuantity" + 1000 * "pickedQuantity" + 1000000 * "backorderedQuantity"), 0)::bigint::text AS n FROM "OrderLine"`,
    `SELECT count(*)::int AS n FROM "OutboxEvent"`,
  ],
  inventory: [
    `SELECT count(*)::int AS n FROM "Reservation"`,
    `SELECT count(*)::int AS n FROM "StockAdjustment"`,
    `SELECT coalesce(sum(quantity), 0)::int AS n FROM "StockItem"`,
    `SELECT coalesce(sum(reserved), 0)::int AS n FROM "StockItem"`,
    `SELECT count(*)::int AS n FROM "OutboxEvent"`,
  ],
  warehouse: [`SELECT count(*)::int AS n FROM "PickTask"`, `SELECT count(*)::int AS n FROM "Wave"`, `SELECT count(*)::int AS n FROM "OutboxEvent"`],
  shipment: [`SELECT count(*)::int AS n FROM "Shipment"`, `SELECT count(*)::int AS n FROM "TrackingEvent"`, `SELECT count(*)::int AS n FROM "OutboxEvent"`],
};

/** Counts of everything the order-to-ship flow writes, to compare before and after a disturbance. */
export async function effects(stack: Stack): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [service, queries] of Object.entries(COUNTS)) {
    const db = stack.subgraphs[service as keyof typeof COUNTS].booted.db;
    for (const sql of queries) {
      const [row] = await db.query<{ n: number | string }>(sql);
      result[`${service}: ${sql.replace(/^SELECT .* FROM /, "")}`] = String(row?.n);
    }
  }
  return result;
}

/** Every event an order's flow published, from the outboxes, in commit order per service. */
export async function publishedEventsOf(stack: Stack, orderId: string) {
  const rows: { topic: string; type: string; message: { key: string; value: string; headers: Record<string, string> } }[] = [];
  for (const service of ["orders", "inventory", "warehouse", "shipment"] as const) {
    rows.push(
      ...(await stack.subgraphs[service].booted.db.query<(typeof rows)[number]>(
        `SELECT topic, type, message FROM "OutboxEvent" WHERE key = $1 AND "publishedAt" IS NOT NULL ORDER BY seq`,
        [orderId],
      )),
    );
  }
  return rows;
}
