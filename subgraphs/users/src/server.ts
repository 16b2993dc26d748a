import { createUsersClient, usersMigrationsDir, type PrismaClient } from "@floorgraph/prisma/users";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { UsersContext } from "./context.ts";
import { createUsersLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedUsers } from "./seed.ts";
import { createUsersServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

export const usersService: ServiceDefinition<PrismaClient> = {
  name: "users",
  migrationsDir: usersMigrationsDir,
  createClient: createUsersClient,
  seedDemoData: seedUsers,
  async createServer({ prisma, db, jwt, protection, logger }) {
    const services = createUsersServices(prisma, jwt);
    return createSubgraphServer<UsersContext>({
      name: "users",
      typeDefs,
      resolvers,
      logger,
      jwt,
      protection,
      extendContext: (base) => ({ ...base, services, loaders: createUsersLoaders(prisma) }),
      db,
    });
  },
};
