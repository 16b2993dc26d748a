import type { Identity } from "@floorgraph/auth";
import { assertId, badInput, fromPrismaError, notFound } from "@floorgraph/errors";
import type { PrismaClient, ZoneKind } from "@floorgraph/prisma/warehouse";
import { audit } from "./audit.ts";

const WAREHOUSE_CODE = /^[A-Z0-9][A-Z0-9_-]{1,15}$/;
const ZONE_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;

export interface NewWarehouse {
  code: string;
  name: string;
  address: string;
  timezone: string;
}

export interface NewZone {
  warehouseId: string;
  code: string;
  name: string;
  kind: ZoneKind;
}

const MAX_TEXT = 200;

const required = (value: string, field: string) => {
  const trimmed = value.trim();
  if (!trimmed) throw badInput(`${field} must not be empty`, { field });
  if (trimmed.length > MAX_TEXT) throw badInput(`${field} must be at most ${MAX_TEXT} characters`, { field });
  return trimmed;
};

/** Intl knows the IANA database; an unknown zone name makes it throw a RangeError. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Warehouses and their zones. */
export function createLayoutService(prisma: PrismaClient) {
  return {
    listWarehouses(first: number, after: string | null | undefined) {
      return prisma.warehouse.findMany({
        orderBy: [{ code: "asc" }, { id: "asc" }],
        take: first,
        ...(after ? { cursor: { id: assertId(after, "after") }, skip: 1 } : {}),
      });
    },

    findWarehouse(id: string | null | undefined, code: string | null | undefined) {
      if ((id == null) === (code == null)) throw badInput("Pass exactly one of id and code", { field: id == null ? "id" : "code" });
      if (id != null) return prisma.warehouse.findUnique({ where: { id: assertId(id) } });
      return prisma.warehouse.findUnique({ where: { code: (code as string).trim().toUpperCase() } });
    },

    async createWarehouse(actor: Identity, input: NewWarehouse) {
      const code = input.code.trim().toUpperCase();
      if (!WAREHOUSE_CODE.test(code)) throw badInput("code must be 2-16 letters, digits, '-' or '_'", { field: "code" });
      const name = required(input.name, "name");
      const address = required(input.address, "address");
      const timezone = input.timezone.trim();
      if (!isTimeZone(timezone)) throw badInput(`'${timezone.slice(0, 64)}' is not an IANA time zone`, { field: "timezone" });
      try {
        return await prisma.$transaction(async (tx) => {
          const warehouse = await tx.warehouse.create({ data: { code, name, address, timezone } });
          await audit(tx, actor, "warehouse.created", "Warehouse", warehouse.id, { code });
          return warehouse;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `A warehouse with code ${code} already exists` });
      }
    },

    async createZone(actor: Identity, input: NewZone) {
      const warehouseId = assertId(input.warehouseId, "warehouseId");
      const code = input.code.trim().toUpperCase();
      if (!ZONE_CODE.test(code)) throw badInput("code must be 1-16 letters, digits, '-' or '_'", { field: "code" });
      const name = required(input.name, "name");
      const warehouse = await prisma.warehouse.findUnique({ where: { id: warehouseId } });
      if (!warehouse) throw notFound("Warehouse", warehouseId);
      try {
        return await prisma.$transaction(async (tx) => {
          const zone = await tx.zone.create({ data: { warehouseId, code, name, kind: input.kind } });
          await audit(tx, actor, "zone.created", "Zone", zone.id, { warehouseId, code, kind: input.kind });
          return zone;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `Warehouse ${warehouse.code} already has a zone ${code}` });
      }
    },
  };
}
export type LayoutService = ReturnType<typeof createLayoutService>;
