import DataLoader from "dataloader";
import { entityLoader, groupLoader } from "@floorgraph/service";
import type { Location, PrismaClient } from "@floorgraph/prisma/warehouse";
import { locationPagesOf, type LocationPageRequest } from "./services/location-pages.ts";

/** A per-request loader of a number per key (missing keys count 0). */
function countLoader(fetch: (keys: string[]) => Promise<[string, number][]>): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    const counts = new Map(await fetch([...keys]));
    return keys.map((key) => counts.get(key) ?? 0);
  });
}

/** Nested location lists: requests with the same page arguments share one windowed query. */
function locationPageLoader(prisma: PrismaClient): DataLoader<LocationPageRequest, Location[], string> {
  const pageArgs = (r: LocationPageRequest) => JSON.stringify([r.parent, r.first, r.after, r.type, r.zoneId]);
  const pageOf = (r: LocationPageRequest, parentId = r.parentId) => `${pageArgs(r)}/${parentId}`;
  return new DataLoader<LocationPageRequest, Location[], string>(
    async (requests) => {
      const groups = new Map<string, LocationPageRequest[]>();
      for (const request of requests) {
        const key = pageArgs(request);
        const group = groups.get(key);
        if (group) group.push(request);
        else groups.set(key, [request]);
      }
      const pages = new Map<string, Location[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const sample = group[0] as LocationPageRequest;
          const rows = await locationPagesOf(prisma, sample.parent, [...new Set(group.map((r) => r.parentId))], sample);
          for (const row of rows) {
            const page = pageOf(sample, sample.parent === "zone" ? row.zoneId : row.warehouseId);
            const list = pages.get(page);
            if (list) list.push(row);
            else pages.set(page, [row]);
          }
        }),
      );
      return requests.map((r) => pages.get(pageOf(r)) ?? []);
    },
    { cacheKeyFn: (r) => pageOf(r) },
  );
}

/** Per-request batch loaders: one query per kind of lookup however many references a plan asks for. */
export function createWarehouseLoaders(prisma: PrismaClient) {
  return {
    warehouse: entityLoader((ids: string[]) => prisma.warehouse.findMany({ where: { id: { in: ids } } }), (w) => w.id),
    zone: entityLoader((ids: string[]) => prisma.zone.findMany({ where: { id: { in: ids } } }), (z) => z.id),
    location: entityLoader((ids: string[]) => prisma.location.findMany({ where: { id: { in: ids } } }), (l) => l.id),
    zonesOfWarehouse: groupLoader(
      (ids: string[]) => prisma.zone.findMany({ where: { warehouseId: { in: ids } }, orderBy: { code: "asc" } }),
      (z) => z.warehouseId,
    ),
    locationCountOfWarehouse: countLoader(async (ids) =>
      (await prisma.location.groupBy({ by: ["warehouseId"], where: { warehouseId: { in: ids } }, _count: { _all: true } })).map(
        (g) => [g.warehouseId, g._count._all],
      ),
    ),
    locationCountOfZone: countLoader(async (ids) =>
      (await prisma.location.groupBy({ by: ["zoneId"], where: { zoneId: { in: ids } }, _count: { _all: true } })).map(
        (g) => [g.zoneId, g._count._all],
      ),
    ),
    locationPage: locationPageLoader(prisma),
    wave: entityLoader((ids: string[]) => prisma.wave.findMany({ where: { id: { in: ids } } }), (w) => w.id),
    tasksOfOrder: groupLoader(
      (ids: string[]) => prisma.pickTask.findMany({ where: { orderId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      (t) => t.orderId,
    ),
    tasksOfWave: groupLoader(
      (ids: string[]) => prisma.pickTask.findMany({ where: { waveId: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      (t) => t.waveId,
    ),
    pickTask: entityLoader((ids: string[]) => prisma.pickTask.findMany({ where: { id: { in: ids } } }), (t) => t.id),
  };
}
export type WarehouseLoaders = ReturnType<typeof createWarehouseLoaders>;
