import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("ShipmentContext", {
  Carrier: "CarrierRow",
  ServiceLevel: "ServiceLevelRow",
  Shipment: "ShipmentRow",
  Package: "PackageRow",
  TrackingEvent: "TrackingEventRow",
  DockDoor: "DockDoorRow",
  Load: "LoadRow",
  Order: "OrderRef",
});
