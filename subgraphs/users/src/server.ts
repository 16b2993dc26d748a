import { createUsersClient, usersMigrationsDir, type PrismaClient } from "@floorgraph/prisma/users";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import { DEFAULT_USERS_SETTINGS, type UsersSettings } from "./config.ts";
import type { UsersContext } from "./context.ts";
import { createUsersLoaders } from "./loaders.ts";
import { resolvers } from "./resolvers/index.ts";
import { seedUsers } from "./seed.ts";
import { createUsersServices } from "./services/index.ts";

const { typeDefs } = loadSdl(new URL("./schema.graphql", import.meta.url));

/** The users subgraph with its own settings (sessions, login throttling, password hashing). */
export function createUsersService(settings: UsersSettings = DEFAULT_USERS_SETTINGS): ServiceDefinition<PrismaClient> {
  return {
    name: "users",
    migrationsDir: usersMigrationsDir,
    createClient: createUsersClient,
    seedDemoData: seedUsers,
    async createServer({ prisma, db, jwt, protection, logger, revocations, maxCost }) {
      const services = createUsersServices(prisma, jwt, revocations, settings);
      return createSubgraphServer<UsersContext>({
        name: "users",
        maxCost,
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
}

export const usersService = createUsersService();
