import { scalarResolvers } from "@floorgraph/service";
import type { Resolvers } from "../generated/graphql.ts";
import { Order, OrderLine, OrderStatusChange, User } from "./entities.ts";
import { Mutation } from "./mutation.ts";
import { Query } from "./query.ts";

export const resolvers: Resolvers = { ...scalarResolvers, Query, Mutation, Order, OrderLine, OrderStatusChange, User };
