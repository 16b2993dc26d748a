import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("WarehouseContext", {
  Warehouse: "WarehouseRow",
  Zone: "ZoneRow",
  Location: "LocationRow",
  Wave: "WaveRow",
  PickTask: "PickTaskRow",
  Order: "OrderRef",
  OrderLine: "OrderRef",
  Sku: "SkuRef",
  User: "OrderRef",
});
