export { warehouseService } from "./server.ts";
export { parseLocationCode, type LocationCodeParts } from "./services/location-code.ts";
