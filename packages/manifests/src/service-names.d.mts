// GENERATED from the subgraph manifests by `npm run compose`; do not edit.
export type ServiceName = "users" | "orders" | "inventory" | "warehouse" | "shipment" | "wcs";
