import { runService } from "@floorgraph/service";
import { loadShipmentConfig } from "./config.ts";
import { shipmentService } from "./server.ts";

await runService(shipmentService, loadShipmentConfig());
