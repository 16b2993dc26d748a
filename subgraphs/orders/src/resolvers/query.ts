import { assertId } from "@floorgraph/errors";
import { pageSize } from "@floorgraph/service";
import type { QueryResolvers } from "../generated/graphql.ts";
import { canSeeOrder, requireOrderReader } from "../services/access.ts";

export const Query: QueryResolvers = {
  async order(_parent, { id }, ctx) {
    const identity = requireOrderReader(ctx);
    const order = await ctx.loaders.order.load(assertId(id));
    return order && canSeeOrder(identity, order) ? order : null;
  },
  orderStatusCounts: (_parent, _args, ctx) => ctx.services.reads.statusCounts(requireOrderReader(ctx)),
  orderByNumber: (_parent, { number }, ctx) => ctx.services.reads.findByNumber(requireOrderReader(ctx), number),
  orders(_parent, { first, after, status, priority }, ctx) {
    const identity = requireOrderReader(ctx);
    return ctx.services.reads.listOrders(identity, { first: pageSize(first, 20), after, status, priority });
  },
};
