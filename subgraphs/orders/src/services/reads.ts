import type { Identity } from "@floorgraph/auth";
import { assertId, badInput } from "@floorgraph/errors";
import { OrderStatus as OrderStatuses, Prisma, type Order, type OrderPriority, type OrderStatus, type PrismaClient } from "@floorgraph/prisma/orders";
import { canSeeOrder, visibleOrders } from "./access.ts";
import { parseOrderNumber } from "./order-number.ts";

const ORDER_STATUSES = Object.values(OrderStatuses) as OrderStatus[];

export interface OrderFilter {
  first: number;
  after?: string | null;
  status?: OrderStatus | null;
  priority?: OrderPriority | null;
}

/** Newest first; the sequence number breaks ties between orders created in the same millisecond. */
const NEWEST_FIRST: Prisma.OrderOrderByWithRelationInput[] = [{ createdAt: "desc" }, { seq: "desc" }];

export function createReadsService(prisma: PrismaClient) {
  return {
    /** How many orders the caller may see are in each status (every status, zeros included). */
    async statusCounts(identity: Identity): Promise<{ status: OrderStatus; count: number }[]> {
      const groups = await prisma.order.groupBy({ by: ["status"], where: visibleOrders(identity), _count: { _all: true } });
      const counts = new Map(groups.map((g) => [g.status, g._count._all]));
      return ORDER_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
    },

    /** One page of the orders the caller may see, after the order `after` (keyset: no offsets to drift). */
    async listOrders(identity: Identity, filter: OrderFilter): Promise<Order[]> {
      const scope = visibleOrders(identity);
      const conditions: Prisma.OrderWhereInput[] = [scope];
      if (filter.status) conditions.push({ status: filter.status });
      if (filter.priority) conditions.push({ priority: filter.priority });
      if (filter.after) {
        const cursor = await prisma.order.findFirst({
          where: { AND: [scope, { id: assertId(filter.after, "after") }] },
          select: { createdAt: true, seq: true },
        });
        if (!cursor) throw badInput("after is not an order you can see", { field: "after" });
        conditions.push({ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, seq: { lt: cursor.seq } }] });
      }
      return prisma.order.findMany({ where: { AND: conditions }, orderBy: NEWEST_FIRST, take: filter.first });
    },

    async findByNumber(identity: Identity, number: string): Promise<Order | null> {
      const seq = parseOrderNumber(number);
      if (seq === null) throw badInput(`'${number.slice(0, 32)}' is not an order number like SO-000123`, { field: "number" });
      const order = await prisma.order.findUnique({ where: { seq } });
      return order && canSeeOrder(identity, order) ? order : null;
    },

    /**
     * The newest `first` orders of each customer, for many customers in two statements: a window
     * query ranks each customer's orders, then the winners are read as rows.
     * `partnerId` narrows to one organisation (partner callers); null means no narrowing.
     */
    async newestOrdersOfCustomers(customerIds: string[], first: number, status: OrderStatus | null, partnerId: string | null): Promise<Order[]> {
      const statusFilter = status ? Prisma.sql`AND o."status" = ${status}::"OrderStatus"` : Prisma.empty;
      const partnerFilter = partnerId ? Prisma.sql`AND o."partnerId" = ${partnerId}::uuid` : Prisma.empty;
      const ranked = await prisma.$queryRaw<{ id: string }[]>`
        SELECT ranked.id FROM (
          SELECT o.id, row_number() OVER (PARTITION BY o."customerId" ORDER BY o."createdAt" DESC, o.seq DESC) AS rank
          FROM "Order" o
          WHERE o."customerId" = ANY(${customerIds}::uuid[]) ${statusFilter} ${partnerFilter}
        ) ranked
        WHERE ranked.rank <= ${first}`;
      if (!ranked.length) return [];
      return prisma.order.findMany({ where: { id: { in: ranked.map((r) => r.id) } }, orderBy: NEWEST_FIRST });
    },
  };
}
export type ReadsService = ReturnType<typeof createReadsService>;
