import { inventoryService } from "@floorgraph/inventory";
import { ordersService } from "@floorgraph/orders";
import type { ServiceDefinition, ServiceName } from "@floorgraph/service";
import { shipmentService } from "@floorgraph/shipment";
import { usersService } from "@floorgraph/users";
import { warehouseService } from "@floorgraph/warehouse";

/** Every domain subgraph, in boot order: each one's peers come before it. */
export const SERVICE_DEFINITIONS = [usersService, warehouseService, inventoryService, ordersService, shipmentService] as unknown as ServiceDefinition<{
  $disconnect(): Promise<void>;
}>[];

/** Which sibling subgraphs each service calls directly. */
export const PEERS: Record<ServiceName, ServiceName[]> = {
  users: [],
  warehouse: [],
  inventory: ["warehouse"],
  orders: ["inventory"],
  shipment: ["orders"],
};

/** Fixed development ports, in the order of SUBGRAPH_BASE_PORT + n. */
export const PORT_OFFSET: Record<ServiceName, number> = { users: 0, orders: 1, inventory: 2, warehouse: 3, shipment: 4 };
