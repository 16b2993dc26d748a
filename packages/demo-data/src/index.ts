import { buildCatalog } from "./catalog.ts";
import { demoLayout, demoWarehouses } from "./layout.ts";
import { buildOrders } from "./orders.ts";
import { demoPartners, demoUsers } from "./org.ts";
import { seededRandom } from "./random.ts";
import { buildShipments, demoCarriers, demoDockDoors } from "./shipping.ts";

export * from "./org.ts";
export * from "./layout.ts";
export * from "./catalog.ts";
export * from "./orders.ts";
export * from "./shipping.ts";
export { demoId, inChunks, mulberry32 } from "./random.ts";

/**
 * The demo data set, the same on every machine and in every service process: each service seeds
 * its own slice, and the cross-service references (SKU codes, location, user and order ids) agree
 * because ids are derived from names. Dates are relative to `now`, rounded to the hour.
 */
export function buildDemoDataset(now = new Date()) {
  const anchor = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const random = seededRandom(20261122);
  const { skus, stock } = buildCatalog(random, anchor);
  const orders = buildOrders(random, anchor, skus, stock);
  const { shipments, loads } = buildShipments(random, orders);
  return {
    partners: demoPartners,
    users: demoUsers,
    warehouses: demoWarehouses,
    zones: demoLayout.zones,
    locations: demoLayout.locations,
    skus,
    stock,
    orders,
    carriers: demoCarriers,
    dockDoors: demoDockDoors,
    shipments,
    loads,
  };
}
export type DemoDataset = ReturnType<typeof buildDemoDataset>;

let cached: DemoDataset | undefined;
/** The dataset for this process, built once. */
export const demoDataset = () => (cached ??= buildDemoDataset());

/**
 * Seeding writes thousands of rows in one transaction; on a busy machine (CI runs the suites in
 * parallel on two cores) that can outlast Prisma's default 5 s transaction timeout.
 */
export const SEED_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 120_000 } as const;
