import { scalarResolvers } from "@floorgraph/service";
import type { Resolvers } from "../generated/graphql.ts";
import { Carrier, DockDoor, Load, Order, Shipment } from "./entities.ts";
import { Mutation } from "./mutation.ts";
import { Query } from "./query.ts";

export const resolvers: Resolvers = { ...scalarResolvers, Query, Mutation, Shipment, Order, Carrier, DockDoor, Load };
