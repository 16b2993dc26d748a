import { createWcsClient, wcsMigrationsDir, type PrismaClient } from "@floorgraph/prisma/wcs";
import { createSubgraphServer, loadSdl, type ServiceDefinition } from "@floorgraph/service";
import type { FloorClientOptions } from "../bridge/opcua/client-options.ts";
import { FloorClient } from "../bridge/opcua/floor-client.ts";
import { AlarmView } from "./alarms.ts";
import { createCommandService } from "./commands.ts";
import type { WcsContext } from "./context.ts";
import { localFeed } from "./feed/floor-feed.ts";
import { RedisFloorFeed } from "./feed/redis-feed.ts";
import { FloorStatusView } from "./kpis/floor-status.ts";
import { registerWcsMetrics } from "./metrics.ts";
import { resolvers } from "./resolvers.ts";
import { DEFAULT_STREAM_SETTINGS, FloorStreams, type StreamSettings } from "./streams/floor-streams.ts";

const { typeDefs } = loadSdl(new URL("../schema.graphql", import.meta.url));

export type WcsServiceOptions = {
  streams?: Partial<StreamSettings>;
  /** With Redis, subscriptions are fed through it, so any instance serves any subscriber. */
  redisUrl?: string;
  /** Redis key and channel prefix (tests; several floors on one Redis). */
  redisPrefix?: string;
  /** The publisher lease (default 3 s): the failover gap, and how long a blocked process may stall. */
  redisLeaseMs?: number;
} & (
  | {
      /** The PLC endpoint (the floor simulator in development), e.g. opc.tcp://127.0.0.1:4840. */
      floorEndpoint: string;
      clientOptions: FloorClientOptions;
      floorClient?: undefined;
    }
  | {
      /** A connected client owned by the caller (tests): the service neither connects nor closes it. */
      floorClient: FloorClient;
      floorEndpoint?: undefined;
      clientOptions?: undefined;
    }
);

/** The WCS bridge subgraph: the live floor over OPC UA, its commands, and their audit trail. */
export function createWcsService(options: WcsServiceOptions): ServiceDefinition<PrismaClient> {
  return {
    name: "wcs",
    migrationsDir: wcsMigrationsDir,
    createClient: createWcsClient,
    async createServer({ prisma, db, jwt, logger, maxCost, protection, metrics }) {
      const owned = options.floorClient === undefined;
      const floor = options.floorClient ?? (await FloorClient.connect(options.floorEndpoint, { logger: logger.child({ component: "opcua" }), ...options.clientOptions }));
      const alarms = new AlarmView(floor.state, prisma, floor.endpointUrl);
      const created = createCommandService(floor, prisma, alarms, logger);
      const commands = metrics ? registerWcsMetrics(metrics.registry, floor).instrument(created) : created;
      const status = new FloorStatusView(floor.state, alarms, floor.endpointUrl);
      const local = localFeed(floor.state, alarms);
      let redis: RedisFloorFeed | null = null;
      const release = async () => {
        await redis?.close();
        status.dispose();
        alarms.dispose();
        if (owned) await floor.close();
      };
      try {
        redis = options.redisUrl ? await RedisFloorFeed.start(local, { url: options.redisUrl, prefix: options.redisPrefix, leaseMs: options.redisLeaseMs, logger: logger.child({ component: "redis-feed" }) }) : null;
        const streams = new FloorStreams(redis ?? local, status, { ...DEFAULT_STREAM_SETTINGS, ...options.streams });
        return await createSubgraphServer<WcsContext>({
          name: "wcs",
          maxCost,
          typeDefs,
          resolvers,
          logger,
          jwt,
          protection,
          extendContext: (base) => ({ ...base, floor, prisma, alarms, commands, status, streams }),
          db,
          // Ready only with a PLC session: without one every command fails and every device is stale.
          readiness: {
            plc: () => {
              if (!floor.connected) throw new Error(`no OPC UA session with ${floor.endpointUrl} (reconnecting)`);
            },
          },
          subscriptions: true,
          onStop: release,
        });
      } catch (error) {
        await release();
        throw error;
      }
    },
  };
}
