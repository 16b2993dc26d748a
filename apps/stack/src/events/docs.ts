import { resolve } from "node:path";
import { eventsContracts, renderEventDocs, type ProducerContracts } from "@floorgraph/events";
import { inventoryContracts } from "@floorgraph/inventory/events";
import { ordersContracts } from "@floorgraph/orders/events";
import { shipmentContracts } from "@floorgraph/shipment/events";
import { warehouseContracts } from "@floorgraph/warehouse/events";
import { wcsContracts } from "@floorgraph/wcs-bridge/events";

/** Every producer's contracts, in the order docs/events.md lists them. */
export const PRODUCERS: readonly ProducerContracts[] = [
  { module: "@floorgraph/orders/events", contracts: ordersContracts },
  { module: "@floorgraph/inventory/events", contracts: inventoryContracts },
  { module: "@floorgraph/warehouse/events", contracts: warehouseContracts },
  { module: "@floorgraph/shipment/events", contracts: shipmentContracts },
  { module: "@floorgraph/wcs-bridge/events", contracts: wcsContracts },
  { module: "@floorgraph/events", contracts: eventsContracts },
];

export const EVENT_DOCS_PATH = resolve(import.meta.dirname, "../../../../docs/events.md");
export const renderedEventDocs = () => renderEventDocs(PRODUCERS);

