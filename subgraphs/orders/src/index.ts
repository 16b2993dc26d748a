export { ordersService } from "./server.ts";
export { formatOrderNumber, parseOrderNumber } from "./services/order-number.ts";
