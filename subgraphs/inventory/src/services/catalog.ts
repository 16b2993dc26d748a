import type { Identity } from "@floorgraph/auth";
import { badInput, fromPrismaError } from "@floorgraph/errors";
import { Prisma, type AbcClass, type PrismaClient, type Sku, type UnitOfMeasure } from "@floorgraph/prisma/inventory";
import { assertSkuCode, normalizeSkuCode } from "./sku-codes.ts";
import { audit } from "./audit.ts";

/** Peers ask for the SKUs of many order lines at once; beyond this they should page. */
export const MAX_CODES_PER_CALL = 500;
const MAX_SEARCH_LENGTH = 100;
const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
/** Heavier than anything a warehouse ships as one unit; keeps the column's float meaningful. */
const MAX_WEIGHT_KG = 100_000;

export interface NewSku {
  code: string;
  name: string;
  description?: string | null;
  unit?: UnitOfMeasure | null;
  weightKg?: number | null;
  lotTracked?: boolean | null;
  serialTracked?: boolean | null;
  abcClass?: AbcClass | null;
  reorderPoint?: number | null;
  safetyStock?: number | null;
}

export interface SkuFilter {
  first: number;
  after?: string | null;
  search?: string | null;
  abcClass?: AbcClass | null;
  belowReorderPoint?: boolean | null;
}

function nonNegative(value: number | null | undefined, field: string): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < 0) throw badInput(`${field} must be a whole number of at least 0`, { field });
  return n;
}

export function createCatalogService(prisma: PrismaClient) {
  return {
    async createSku(actor: Identity, input: NewSku) {
      const code = assertSkuCode(input.code);
      const name = input.name.trim();
      if (!name) throw badInput("name must not be empty", { field: "name" });
      if (name.length > MAX_NAME) throw badInput(`name must be at most ${MAX_NAME} characters`, { field: "name" });
      const description = input.description?.trim() || null;
      if (description && description.length > MAX_DESCRIPTION) {
        throw badInput(`description must be at most ${MAX_DESCRIPTION} characters`, { field: "description" });
      }
      if (input.weightKg != null && !(input.weightKg >= 0 && input.weightKg <= MAX_WEIGHT_KG)) {
        throw badInput(`weightKg must be from 0 to ${MAX_WEIGHT_KG}`, { field: "weightKg" });
      }
      const data = {
        code,
        name,
        description,
        unit: input.unit ?? "EACH",
        weightKg: input.weightKg ?? null,
        lotTracked: input.lotTracked ?? false,
        serialTracked: input.serialTracked ?? false,
        abcClass: input.abcClass ?? "C",
        reorderPoint: nonNegative(input.reorderPoint, "reorderPoint"),
        safetyStock: nonNegative(input.safetyStock, "safetyStock"),
      };
      try {
        return await prisma.$transaction(async (tx) => {
          const sku = await tx.sku.create({ data });
          await audit(tx, actor, "sku.created", "Sku", sku.id, { code });
          return sku;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `A SKU with code ${code} already exists` });
      }
    },

    /**
     * A page of SKUs ordered by code; `after` is the last code of the previous page. Raw SQL because
     * the reorder filter compares a sum over stock with a column, which Prisma's filters cannot say.
     */
    async listSkus(filter: SkuFilter) {
      const search = filter.search?.trim().toLowerCase() ?? "";
      if (search.length > MAX_SEARCH_LENGTH) throw badInput(`search must be at most ${MAX_SEARCH_LENGTH} characters`, { field: "search" });
      const conditions: Prisma.Sql[] = [];
      if (filter.after) conditions.push(Prisma.sql`s.code > ${normalizeSkuCode(filter.after)}`);
      // strpos instead of LIKE: the caller's text is matched literally, '%' and '_' included.
      if (search) conditions.push(Prisma.sql`(strpos(lower(s.code), ${search}) > 0 OR strpos(lower(s.name), ${search}) > 0)`);
      if (filter.abcClass) conditions.push(Prisma.sql`s."abcClass" = ${filter.abcClass}::"AbcClass"`);
      if (filter.belowReorderPoint != null) {
        conditions.push(Prisma.sql`(COALESCE((SELECT SUM(i.quantity - i.reserved) FROM "StockItem" i WHERE i."skuId" = s.id), 0)
          <= s."reorderPoint") = ${filter.belowReorderPoint}`);
      }
      const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
      return prisma.$queryRaw<Sku[]>`SELECT s.* FROM "Sku" s ${where} ORDER BY s.code LIMIT ${filter.first}`;
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;

/** Validates a peer's batch of codes; returns them normalised and de-duplicated, in the order asked. */
export function codesForLookup(codes: readonly string[]): string[] {
  if (codes.length > MAX_CODES_PER_CALL) {
    throw badInput(`codes may hold at most ${MAX_CODES_PER_CALL} entries`, { field: "codes", max: MAX_CODES_PER_CALL });
  }
  return [...new Set(codes.map(normalizeSkuCode))];
}
