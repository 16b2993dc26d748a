export type { Warehouse as WarehouseRow, Zone as ZoneRow, Location as LocationRow } from "@floorgraph/prisma/warehouse";
