import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("OrdersContext", {
  Order: "OrderRow",
  OrderLine: "OrderLineRow",
  OrderStatusChange: "OrderStatusChangeRow",
  User: "UserRef",
  Sku: "SkuRef",
});
