export type {
  Warehouse as WarehouseRow,
  Zone as ZoneRow,
  Location as LocationRow,
  Wave as WaveRow,
  PickTask as PickTaskRow,
} from "@floorgraph/prisma/warehouse";

/** An entity of another subgraph as this one knows it: its key. */
export interface OrderRef {
  id: string;
}
export interface SkuRef {
  code: string;
}
