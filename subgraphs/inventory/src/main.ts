import { runService } from "@floorgraph/service";
import { loadInventoryConfig } from "./config.ts";
import { inventoryService } from "./server.ts";

await runService(inventoryService, loadInventoryConfig());
