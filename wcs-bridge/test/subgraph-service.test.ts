import { PROTECTED, probeSubgraphProtection, signedGql, startTestSubgraph, tokenFor } from "@floorgraph/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { createWcsService } from "../src/subgraph/service.ts";
import { insecure } from "./bridge-support.ts";
import { tempDir } from "./support.ts";

const pki = tempDir("wcs-subgraph-service-");
let sim: FloorSimulator;
beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, seed: 3, pkiDir: pki.path, jamProbability: 0, errorProbability: 0 });
});
afterAll(async () => {
  await sim?.stop();
  pki.remove();
});

it("connects its own FloorClient to the floor endpoint, serves it, and closes it when stopped", async () => {
  const subgraph = await startTestSubgraph(createWcsService({ floorEndpoint: sim.endpointUrl, clientOptions: insecure(pki.path) }));
  try {
    const res = await signedGql(subgraph.url, `{ floorStatus { connected endpointUrl } conveyors(zoneId: "${sim.engine.state.zones[0]!.id}") { id } }`, {}, await tokenFor("VIEWER"));
    expect(res.data).toEqual({ floorStatus: { connected: true, endpointUrl: sim.endpointUrl }, conveyors: ["CV-INB-01", "CV-INB-02", "CV-INB-03", "CV-INB-04"].map((id) => ({ id })) });
    expect((await signedGql(subgraph.url, `{ conveyors { id } }`)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    // It protects itself as if the gateway were not there: signed requests only, /health open.
    expect(await probeSubgraphProtection(subgraph.url)).toEqual(PROTECTED);
  } finally {
    await subgraph.stop();
  }
});
