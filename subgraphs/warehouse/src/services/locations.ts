import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, fromPrismaError, notFound } from "@floorgraph/errors";
import type { LocationType, Prisma, PrismaClient } from "@floorgraph/prisma/warehouse";
import { audit } from "./audit.ts";
import { requireLocationCode } from "./location-code.ts";

export interface NewLocation {
  zoneId: string;
  code: string;
  type: LocationType;
  capacity?: number | null;
}

export interface LocationFilter {
  warehouseCode?: string | null;
  zoneId?: string | null;
  type?: LocationType | null;
}

/** Storage and handling locations. */
export function createLocationsService(prisma: PrismaClient) {
  return {
    /** One page ordered by code (then id, as codes repeat across warehouses); `after` is the last id seen. */
    listLocations(filter: LocationFilter, first: number, after: string | null | undefined) {
      const where: Prisma.LocationWhereInput = {};
      if (filter.warehouseCode != null) where.warehouse = { code: filter.warehouseCode.trim().toUpperCase() };
      if (filter.zoneId != null) where.zoneId = assertId(filter.zoneId, "zoneId");
      if (filter.type != null) where.type = filter.type;
      return prisma.location.findMany({
        where,
        orderBy: [{ code: "asc" }, { id: "asc" }],
        take: first,
        ...(after ? { cursor: { id: assertId(after, "after") }, skip: 1 } : {}),
      });
    },

    findByCode(warehouseCode: string, code: string) {
      return prisma.location.findFirst({
        where: { code: code.trim().toUpperCase(), warehouse: { code: warehouseCode.trim().toUpperCase() } },
      });
    },

    async createLocation(actor: Identity, input: NewLocation) {
      const zoneId = assertId(input.zoneId, "zoneId");
      const parts = requireLocationCode(input.code);
      const capacity = input.capacity ?? null;
      if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1)) {
        throw badInput("capacity must be a positive number of units, or null for unconstrained", { field: "capacity" });
      }
      const zone = await prisma.zone.findUnique({ where: { id: zoneId }, include: { warehouse: true } });
      if (!zone) throw notFound("Zone", zoneId);
      try {
        return await prisma.$transaction(async (tx) => {
          const location = await tx.location.create({
            data: { ...parts, zoneId, warehouseId: zone.warehouseId, type: input.type, capacity },
          });
          await audit(tx, actor, "location.created", "Location", location.id, { warehouseId: zone.warehouseId, code: parts.code, type: input.type });
          return location;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `Warehouse ${zone.warehouse.code} already has a location ${parts.code}` });
      }
    },

    async setLocationActive(actor: Identity, id: string, active: boolean) {
      const locationId = assertId(id);
      const existing = await prisma.location.findUnique({ where: { id: locationId } });
      if (!existing) throw notFound("Location", locationId);
      if (existing.active === active) return existing;
      return prisma.$transaction(async (tx) => {
        const location = await tx.location.update({ where: { id: locationId }, data: { active } });
        await audit(tx, actor, active ? "location.activated" : "location.deactivated", "Location", locationId);
        return location;
      });
    },
  };
}
export type LocationsService = ReturnType<typeof createLocationsService>;
