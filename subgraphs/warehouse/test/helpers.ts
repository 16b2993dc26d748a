import { demoDataset } from "@floorgraph/demo-data";

export const demo = demoDataset();
export const ams1 = demo.warehouses.find((w) => w.code === "AMS1")!;
export const rtm1 = demo.warehouses.find((w) => w.code === "RTM1")!;
export const zoneOf = (warehouseId: string, code: string) => demo.zones.find((z) => z.warehouseId === warehouseId && z.code === code)!;
export const locationOf = (warehouseId: string, code: string) => demo.locations.find((l) => l.warehouseId === warehouseId && l.code === code)!;
/** A well-formed id that no row has. */
export const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
/** Demo locations of a warehouse sorted the way every list sorts them. */
export const sortedCodes = (rows: { code: string }[]) => rows.map((r) => r.code).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
