import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorUnavailableError } from "../src/bridge/opcua/errors.ts";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import type { ConnectionChange } from "../src/bridge/state/types.ts";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { insecure, nextEvent } from "./bridge-support.ts";
import { tempDir, waitFor } from "./support.ts";

const pki = tempDir("wcs-bridge-reconnect-");
const simOptions = { seed: 5, pkiDir: pki.path, jamProbability: 0, errorProbability: 0 };
let sim: FloorSimulator | undefined;
let client: FloorClient;
const connections: ConnectionChange[] = [];

beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, ...simOptions });
  client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path));
  client.state.on("connection", (c) => connections.push(c));
});
afterAll(async () => {
  await client?.close();
  await sim?.stop();
  pki.remove();
});

describe("FloorClient when the floor goes away and comes back", () => {
  let port = 0;

  it("marks every device stale (keeping values and lastSeenAt) and rejects commands fast", async () => {
    port = sim!.port;
    expect(await client.commands.setConveyorSpeed("CV-INB-02", 1.1)).toEqual({ accepted: true, reason: "" });
    await waitFor(() => client.state.conveyor("CV-INB-02")?.setpoint === 1.1);
    const seenBefore = client.state.conveyor("CV-INB-02")!.lastSeenAt!;

    await sim!.stop();
    sim = undefined;
    await waitFor(() => connections.some((c) => !c.connected));
    expect(client.connected).toBe(false);
    const all = [...client.state.zones(), ...client.state.conveyors(), ...client.state.sorters(), ...client.state.robots(), ...client.state.scanners()];
    expect(all.length).toBe(3 + 12 + 1 + 8 + 3);
    for (const device of all) {
      expect(device.stale, device.id).toBe(true);
      expect(device.lastSeenAt, device.id).toBeInstanceOf(Date);
    }
    expect(client.state.conveyor("CV-INB-02")).toMatchObject({ setpoint: 1.1, stale: true });
    expect(client.state.conveyor("CV-INB-02")!.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(seenBefore.getTime());

    const sent = performance.now();
    await expect(client.commands.startConveyor("CV-INB-02")).rejects.toBeInstanceOf(FloorUnavailableError);
    await expect(client.commands.eStopZone("whatever")).rejects.toThrow(/floor unavailable/);
    expect(performance.now() - sent).toBeLessThan(2500);
  });

  it("reconnects by itself to a new simulator on the same port, resynchronises and clears stale", async () => {
    const restarted = Date.now();
    sim = await startFloorSimulator({ port, ...simOptions });
    // The new floor differs from what the client last saw: it must read it, not keep the old value.
    expect(sim.engine.setConveyorSpeed("CV-INB-02", 0.6).accepted).toBe(true);
    const back = await nextEvent(client.state, "connection", (c) => c.connected, 10_000);
    console.log(`reconnected and resynchronised ${back.at.getTime() - restarted} ms after the simulator came back`);
    expect(client.connected).toBe(true);
    expect(client.state.conveyor("CV-INB-02")).toMatchObject({ setpoint: 0.6, stale: false });
    expect(client.state.robots().every((r) => !r.stale)).toBe(true);

    // The subscription works again: a command's effect arrives as a change event.
    const changed = nextEvent(client.state, "conveyor", (c) => c.id === "CV-INB-02" && c.setpoint === 1.4);
    expect(await client.commands.setConveyorSpeed("CV-INB-02", 1.4)).toEqual({ accepted: true, reason: "" });
    expect((await changed).stale).toBe(false);
  });

  it("close() while the floor is away ends the reconnection loop quickly", async () => {
    await sim!.stop();
    sim = undefined;
    await waitFor(() => !client.connected);
    const t0 = performance.now();
    await client.close();
    await client.close(); // idempotent
    expect(performance.now() - t0).toBeLessThan(3000);
    await expect(client.commands.resetZone("any")).rejects.toBeInstanceOf(FloorUnavailableError);
  });
});
