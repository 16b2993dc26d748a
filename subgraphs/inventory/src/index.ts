export { inventoryService } from "./server.ts";
