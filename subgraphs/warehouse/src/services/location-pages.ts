import { Prisma, type Location, type LocationType, type PrismaClient } from "@floorgraph/prisma/warehouse";

/** Which parent a nested location list hangs off. */
export type LocationParent = "warehouse" | "zone";

export interface LocationPageRequest {
  parent: LocationParent;
  parentId: string;
  first: number;
  /** Id of the last location of the previous page. */
  after: string | null;
  type: LocationType | null;
  /** Narrows a warehouse's locations to one of its zones. */
  zoneId: string | null;
}

const PARENT_COLUMN: Record<LocationParent, Prisma.Sql> = {
  warehouse: Prisma.raw(`"warehouseId"`),
  zone: Prisma.raw(`"zoneId"`),
};

const COLUMNS = Prisma.raw(
  `"id", "warehouseId", "zoneId", "code", "type"::text AS "type", "area", "aisle", "rack", "level", "bin", "capacity", "active", "createdAt", "updatedAt"`,
);

/**
 * The first page of locations of many parents in one statement: Prisma's nested `take` would
 * read every child row, so a window function ranks each parent's locations by code and keeps
 * `first` of them. All parents share the page arguments (the usual shape of a nested list).
 */
export async function locationPagesOf(
  prisma: PrismaClient,
  parent: LocationParent,
  parentIds: string[],
  page: Omit<LocationPageRequest, "parent" | "parentId">,
): Promise<Location[]> {
  const column = PARENT_COLUMN[parent];
  const filters = [Prisma.sql`${column} IN (${Prisma.join(parentIds.map((id) => Prisma.sql`${id}::uuid`))})`];
  if (page.zoneId) filters.push(Prisma.sql`"zoneId" = ${page.zoneId}::uuid`);
  if (page.type) filters.push(Prisma.sql`"type" = ${page.type}::"LocationType"`);
  if (page.after) {
    filters.push(Prisma.sql`("code", "id") > (SELECT "code", "id" FROM "Location" WHERE "id" = ${page.after}::uuid)`);
  }
  return prisma.$queryRaw<Location[]>`
    SELECT ${COLUMNS} FROM (
      SELECT *, row_number() OVER (PARTITION BY ${column} ORDER BY "code", "id") AS "rank"
      FROM "Location"
      WHERE ${Prisma.join(filters, " AND ")}
    ) ranked
    WHERE "rank" <= ${page.first}
    ORDER BY ${column}, "code", "id"`;
}
