export type {
  Carrier as CarrierRow,
  ServiceLevel as ServiceLevelRow,
  Shipment as ShipmentRow,
  Package as PackageRow,
  TrackingEvent as TrackingEventRow,
  DockDoor as DockDoorRow,
  Load as LoadRow,
} from "@floorgraph/prisma/shipment";

/** An order is owned by the orders subgraph: this one knows it only by id. */
export interface OrderRef {
  id: string;
}
