export type { Order as OrderRow, OrderLine as OrderLineRow, OrderStatusChange as OrderStatusChangeRow } from "@floorgraph/prisma/orders";

/** A user as this subgraph knows one: only the key; the users subgraph owns the rest. */
export interface UserRef {
  id: string;
}

/** A SKU as this subgraph knows one: the code an order line names. */
export interface SkuRef {
  code: string;
}
