import { requireIdentity } from "@floorgraph/auth";
import { isId } from "@floorgraph/errors";
import { pageSize, atMost } from "@floorgraph/service";
import type { OrderLineResolvers, OrderResolvers, OrderStatusChangeResolvers, UserResolvers } from "../generated/graphql.ts";
import { canSeeOrder, requireOrderReader } from "../services/access.ts";
import { formatOrderNumber } from "../services/order-number.ts";

export const Order: OrderResolvers = {
  async __resolveReference(reference, ctx) {
    const identity = requireOrderReader(ctx);
    const order = isId(reference.id) ? await ctx.loaders.order.load(reference.id.toLowerCase()) : null;
    return order && canSeeOrder(identity, order) ? order : null;
  },
  number: (order) => formatOrderNumber(order.seq),
  customer: (order) => ({ id: order.customerId }),
  shipTo: (order) => ({
    name: order.shipToName,
    line1: order.shipToLine1,
    line2: order.shipToLine2,
    city: order.shipToCity,
    postalCode: order.shipToPostalCode,
    country: order.shipToCountry,
    phone: order.shipToPhone,
  }),
  lines: (order, _args, ctx) => ctx.loaders.linesOfOrder.load(order.id),
  totalQuantity: async (order, _args, ctx) => (await ctx.loaders.linesOfOrder.load(order.id)).reduce((sum, line) => sum + line.quantity, 0),
  statusHistory: async (order, _args, ctx) => atMost(await ctx.loaders.historyOfOrder.load(order.id), 20),
};

export const OrderLine: OrderLineResolvers = {
  async __resolveReference(reference, ctx) {
    const identity = requireOrderReader(ctx);
    const line = isId(reference.id) ? await ctx.loaders.line.load(reference.id.toLowerCase()) : null;
    const order = line ? await ctx.loaders.order.load(line.orderId) : null;
    return line && order && canSeeOrder(identity, order) ? line : null;
  },
  sku: (line) => ({ code: line.skuCode }),
  async order(line, _args, ctx) {
    const order = await ctx.loaders.order.load(line.orderId);
    // The foreign key guarantees the order; its absence would be a broken database, not a client error.
    if (!order) throw new Error(`order ${line.orderId} of line ${line.id} is missing`);
    return order;
  },
};

export const OrderStatusChange: OrderStatusChangeResolvers = {
  from: (change) => change.fromStatus,
  to: (change) => change.toStatus,
};

export const User: UserResolvers = {
  __resolveReference(reference, ctx) {
    requireIdentity(ctx);
    return isId(reference.id) ? { id: reference.id.toLowerCase() } : null;
  },
  orders(user, { first, status }, ctx) {
    requireOrderReader(ctx);
    return ctx.loaders.ordersOfCustomer(pageSize(first, 20), status ?? null).load(user.id);
  },
};
