import { createOrdersClient, ordersMigrationsDir, type PrismaClient } from "@floorgraph/prisma/orders";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { OrdersContext } from "./context.ts";
import { createOrdersLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedOrders } from "./seed.ts";
import { ordersConsumer } from "./services/consumer.ts";
import { createOrdersServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

export const ordersService: ServiceDefinition<PrismaClient> = {
  name: "orders",
  migrationsDir: ordersMigrationsDir,
  createClient: createOrdersClient,
  seedDemoData: seedOrders,
  async createServer({ prisma, db, jwt, logger, peers, events, maxCost, protection }) {
    const services = createOrdersServices(prisma, peers, events.outbox);
    events.consume(ordersConsumer(prisma, events.outbox));
    return createSubgraphServer<OrdersContext>({
      name: "orders",
      maxCost,
      typeDefs,
      resolvers,
      logger,
      jwt,
      protection,
      extendContext: (base) => ({ ...base, services, loaders: createOrdersLoaders(prisma, services.reads, base.identity) }),
      db,
    });
  },
};
