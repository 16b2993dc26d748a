import { createWarehouseClient, warehouseMigrationsDir, type PrismaClient } from "@floorgraph/prisma/warehouse";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { WarehouseContext } from "./context.ts";
import { createWarehouseLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedWarehouse } from "./seed.ts";
import { warehouseConsumer } from "./services/consumer.ts";
import { createWarehouseServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

export const warehouseService: ServiceDefinition<PrismaClient> = {
  name: "warehouse",
  migrationsDir: warehouseMigrationsDir,
  createClient: createWarehouseClient,
  seedDemoData: seedWarehouse,
  async createServer({ prisma, db, jwt, logger, events, maxCost, protection }) {
    const services = createWarehouseServices(prisma, events.outbox);
    events.consume(warehouseConsumer(prisma, services.waves, services.picking));
    return createSubgraphServer<WarehouseContext>({
      name: "warehouse",
      maxCost,
      typeDefs,
      resolvers,
      logger,
      jwt,
      protection,
      extendContext: (base) => ({ ...base, services, loaders: createWarehouseLoaders(prisma) }),
      db,
    });
  },
};
