import type DataLoader from "dataloader";
import type { Identity } from "@floorgraph/auth";
import type { Order, OrderStatus, PrismaClient } from "@floorgraph/prisma/orders";
import { entityLoader, groupLoader } from "@floorgraph/service";
import { partnerRestriction } from "./services/access.ts";
import type { ReadsService } from "./services/reads.ts";

/** Per-request batch loaders: one query per kind of row however many parents a plan asks about. */
export function createOrdersLoaders(prisma: PrismaClient, reads: ReadsService, identity: Identity | null) {
  const ordersOfCustomer = new Map<string, DataLoader<string, Order[]>>();
  return {
    order: entityLoader((ids: string[]) => prisma.order.findMany({ where: { id: { in: ids } } }), (o) => o.id),
    line: entityLoader((ids: string[]) => prisma.orderLine.findMany({ where: { id: { in: ids } } }), (l) => l.id),
    linesOfOrder: groupLoader(
      (ids: string[]) => prisma.orderLine.findMany({ where: { orderId: { in: ids } }, orderBy: { lineNumber: "asc" } }),
      (l) => l.orderId,
    ),
    historyOfOrder: groupLoader(
      (ids: string[]) => prisma.orderStatusChange.findMany({ where: { orderId: { in: ids } }, orderBy: { at: "asc" } }),
      (c) => c.orderId,
    ),
    /** Each customer's newest orders the caller may see; one loader per (first, status) asked for in the request. */
    ordersOfCustomer(first: number, status: OrderStatus | null): DataLoader<string, Order[]> {
      const key = `${first}|${status ?? ""}`;
      let loader = ordersOfCustomer.get(key);
      if (!loader) {
        const partnerId = identity ? partnerRestriction(identity) : undefined;
        loader = groupLoader(
          (ids: string[]) => (partnerId === undefined ? Promise.resolve([]) : reads.newestOrdersOfCustomers(ids, first, status, partnerId)),
          (o) => o.customerId,
        );
        ordersOfCustomer.set(key, loader);
      }
      return loader;
    },
  };
}
export type OrdersLoaders = ReturnType<typeof createOrdersLoaders>;
