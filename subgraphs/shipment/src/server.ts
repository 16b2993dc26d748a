import { createShipmentClient, shipmentMigrationsDir, type PrismaClient } from "@floorgraph/prisma/shipment";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { ShipmentContext } from "./context.ts";
import { createShipmentLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedShipment } from "./seed.ts";
import { shipmentConsumer } from "./services/consumer.ts";
import { createShipmentServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

export const shipmentService: ServiceDefinition<PrismaClient> = {
  name: "shipment",
  migrationsDir: shipmentMigrationsDir,
  createClient: createShipmentClient,
  seedDemoData: seedShipment,
  async createServer({ prisma, db, jwt, logger, peers, events, maxCost, protection }) {
    const services = createShipmentServices(prisma, peers, events.outbox);
    events.consume(shipmentConsumer(prisma, events.outbox));
    return createSubgraphServer<ShipmentContext>({
      name: "shipment",
      maxCost,
      typeDefs,
      resolvers,
      logger,
      jwt,
      protection,
      extendContext: (base) => ({ ...base, services, loaders: createShipmentLoaders(prisma) }),
      db,
    });
  },
};
