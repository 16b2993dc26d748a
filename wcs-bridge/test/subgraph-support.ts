import type { Role } from "@floorgraph/auth";
import type { PrismaClient } from "@floorgraph/prisma/wcs";
import { signedGql, startTestSubgraph, tokenFor, signedWsClient, type GraphQLResponse, type TestSocket, type TestSubgraph } from "@floorgraph/testing";
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
  /** Starts a new simulator on the stopped one's port, as a PLC that comes back. */
  restartSimulator(): Promise<FloorSimulator>;
  /** Posts an operation as a demo user of that role (OPERATOR by default). */
  as(role: Role, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<Record<string, any>>>;
  /** A graphql-ws connection to the subgraph as a demo user of that role (anonymous with null); closed by stop(). */
  socket(role: Role | null): Promise<TestSocket>;
  stop(): Promise<void>;
}

/** The real simulator on port 0, a real FloorClient, and the wcs subgraph on PGlite using it. */
export async function startWcsHarness(prefix: string, simOptions: Partial<FloorSimulatorOptions> = {}): Promise<WcsHarness> {
  const pki = tempDir(prefix);
  const options = { seed: 7, pkiDir: pki.path, jamProbability: 0, errorProbability: 0, ...simOptions };
  let sim = await startFloorSimulator({ port: 0, ...options });
  const client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path, { reconnectInitialDelayMs: 100, reconnectMaxDelayMs: 200, commandTimeoutMs: 1000 }));
  const subgraph = await startTestSubgraph(createWcsService({ floorClient: client }));
  const tokens = new Map<Role, string>();
  const sockets: TestSocket[] = [];
  let simStopped: Promise<void> | undefined;
  const stopSimulator = () => (simStopped ??= sim.stop());
  return {
    get sim() {
      return sim;
    },
    async restartSimulator() {
      await stopSimulator();
      sim = await startFloorSimulator({ ...options, port: sim.port });
      simStopped = undefined;
      return sim;
    },
    client,
    subgraph,
    stopSimulator,
    async as(role, query, variables = {}) {
      if (!tokens.has(role)) tokens.set(role, await tokenFor(role));
      return signedGql(subgraph.url, query, variables, tokens.get(role));
    },
    async socket(role) {
      const socket = signedWsClient(subgraph.url, role ? await tokenFor(role) : undefined);
      sockets.push(socket);
      return socket;
    },
    async stop() {
      await Promise.all(sockets.map((s) => s.dispose()));
      await subgraph.stop();
      await client.close();
      await stopSimulator();
      pki.remove();
    },
  };
}
