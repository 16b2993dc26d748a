import { DateResolver, DateTimeResolver } from "graphql-scalars";

/** Scalar implementations shared by every subgraph's SDL (`scalar DateTime`, `scalar Date`). */
export const scalarResolvers = { DateTime: DateTimeResolver, Date: DateResolver };
