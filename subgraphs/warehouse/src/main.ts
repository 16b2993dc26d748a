import { runService } from "@floorgraph/service";
import { loadWarehouseConfig } from "./config.ts";
import { warehouseService } from "./server.ts";

await runService(warehouseService, loadWarehouseConfig());
