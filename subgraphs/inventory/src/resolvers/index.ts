import { scalarResolvers } from "@floorgraph/service";
import type { Resolvers } from "../generated/graphql.ts";
import { Location, Sku, StockAdjustment, StockItem } from "./entities.ts";
import { Mutation } from "./mutation.ts";
import { Query } from "./query.ts";

export const resolvers: Resolvers = { ...scalarResolvers, Query, Mutation, Sku, StockItem, StockAdjustment, Location };
