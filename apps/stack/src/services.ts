import { inventoryService } from "@floorgraph/inventory";
import { ordersService } from "@floorgraph/orders";
import { DEFAULT_PORTS, type ServiceDefinition, type ServiceName } from "@floorgraph/service";
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
  wcs: [],
};

/** Ports relative to SUBGRAPH_BASE_PORT, in the order of the development defaults (users first). */
export const PORT_OFFSET = Object.fromEntries(
  Object.entries(DEFAULT_PORTS).map(([name, port]) => [name, port - DEFAULT_PORTS.users]),
) as Record<ServiceName, number>;
