import { runService } from "@floorgraph/service";
import { loadOrdersConfig } from "./config.ts";
import { ordersService } from "./server.ts";

await runService(ordersService, loadOrdersConfig());
