import type { Role } from "@floorgraph/auth";
import type { PrismaClient } from "@floorgraph/prisma/wcs";
import { gql, startTestSubgraph, tokenFor, type GraphQLResponse, type TestSubgraph } from "@floorgraph/testing";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { type FloorSimulator, type FloorSimulatorOptions, startFloorSimulator } from "../src/simulator/server.ts";
import { createWcsService } from "../src/subgraph/service.ts";
import { insecure } from "./bridge-support.ts";
import { tempDir } from "./support.ts";

export interface WcsHarness {
  sim: FloorSimulator;
  client: FloorClient;
  subgraph: TestSubgraph<PrismaClient>;
  /** Stops the simulator (once), as a PLC that goes away. */
  stopSimulator(): Promise<void>;
  /** Posts an operation as a demo user of that role (OPERATOR by default). */
  as(role: Role, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Record<string, any>>>;
  stop(): Promise<void>;
}

/** The real simulator on port 0, a real FloorClient, and the wcs subgraph on PGlite using it. */
export async function startWcsHarness(prefix: string, simOptions: Partial<FloorSimulatorOptions> = {}): Promise<WcsHarness> {
  const pki = tempDir(prefix);
  const sim = await startFloorSimulator({ port: 0, seed: 7, pkiDir: pki.path, jamProbability: 0, errorProbability: 0, ...simOptions });
  const client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path, { reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 200, commandTimeoutMs: 1000 }));
  const subgraph = await startTestSubgraph(createWcsService({ floorClient: client }));
  const tokens = new Map<Role, string>();
  let simStopped: Promise<void> | undefined;
  const stopSimulator = () => (simStopped ??= sim.stop());
  return {
    sim,
    client,
    subgraph,
    stopSimulator,
    async as(role, query, variables = {}) {
      if (!tokens.has(role)) tokens.set(role, await tokenFor(role));
      return gql(subgraph.url, query, variables, tokens.get(role));
    },
    async stop() {
      await subgraph.stop();
      await client.close();
      await stopSimulator();
      pki.remove();
    },
  };
}
