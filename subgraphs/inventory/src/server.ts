import { createInventoryClient, inventoryMigrationsDir, type PrismaClient } from "@floorgraph/prisma/inventory";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { InventoryContext } from "./context.ts";
import { createInventoryLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedInventory } from "./seed.ts";
import { inventoryConsumer } from "./services/consumer.ts";
import { createInventoryServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

export const inventoryService: ServiceDefinition<PrismaClient> = {
  name: "inventory",
  migrationsDir: inventoryMigrationsDir,
  createClient: createInventoryClient,
  seedDemoData: seedInventory,
  async createServer({ prisma, db, logger, jwt, peers, events, maxCost, protection }) {
    const services = createInventoryServices(prisma, peers, events.outbox);
    events.consume(inventoryConsumer(prisma, services.reservations));
    return createSubgraphServer<InventoryContext>({
      name: "inventory",
      maxCost,
      typeDefs,
      resolvers,
      logger,
      jwt,
      protection,
      extendContext: (base) => ({ ...base, services, loaders: createInventoryLoaders(prisma) }),
      db,
    });
  },
};
