export type { Sku as SkuRow, StockItem as StockItemRow, StockAdjustment as StockAdjustmentRow } from "@floorgraph/prisma/inventory";

/** A location is owned by the warehouse subgraph; inventory knows only its id. */
export interface LocationRef {
  id: string;
}

/** A user is owned by the users subgraph; inventory stores only the id of who acted. */
export interface UserRef {
  id: string;
}
