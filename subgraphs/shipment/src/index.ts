export { shipmentService } from "./server.ts";
