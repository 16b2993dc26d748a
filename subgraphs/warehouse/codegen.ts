import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("WarehouseContext", {
  Warehouse: "WarehouseRow",
  Zone: "ZoneRow",
  Location: "LocationRow",
});
