import { scalarResolvers } from "@floorgraph/service";
import type { Resolvers } from "../generated/graphql.ts";
import { Location, Warehouse, Zone } from "./entities.ts";
import { Order, PickTask, Wave } from "./fulfilment.ts";
import { Mutation } from "./mutation.ts";
import { Query } from "./query.ts";

export const resolvers: Resolvers = { ...scalarResolvers, Query, Mutation, Warehouse, Zone, Location, Wave, PickTask, Order };
