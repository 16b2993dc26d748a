import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("InventoryContext", {
  Sku: "SkuRow",
  StockItem: "StockItemRow",
  StockAdjustment: "StockAdjustmentRow",
  Location: "LocationRef",
  User: "UserRef",
});
