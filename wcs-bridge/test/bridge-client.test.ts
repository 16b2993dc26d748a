import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { FloorCommandError } from "../src/bridge/opcua/errors.ts";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { insecure, nextEvent, percentile } from "./bridge-support.ts";
import { tempDir, waitFor, zoneId } from "./support.ts";

const pki = tempDir("wcs-bridge-client-");
let sim: FloorSimulator;
let client: FloorClient;

beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, seed: 21, pkiDir: pki.path, jamProbability: 0, errorProbability: 0, arrivalsPerMinute: 600 });
  client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path));
});
afterAll(async () => {
  await client?.close();
  await sim?.stop();
  pki.remove();
});

describe("FloorClient against the simulator", () => {
  it("starts with every device of the layout, current, matching the engine", () => {
    const { state } = client;
    const engine = sim.engine;
    expect(state.connected).toBe(true);
    expect(state.conveyors().map((c) => c.id)).toEqual(engine.state.conveyors.map((c) => c.id));
    for (const c of engine.state.conveyors) {
      expect(state.conveyor(c.id)).toMatchObject({ state: engine.conveyorStateName(c), setpoint: c.setpoint, minSpeed: c.minSpeed, maxSpeed: c.maxSpeed, zoneId: c.zoneId, stale: false });
      expect(state.conveyor(c.id)?.lastSeenAt).toBeInstanceOf(Date);
    }
    const sorter = state.sorter("SRT-01")!;
    expect(sorter.chutes).toHaveLength(24);
    for (const chute of engine.state.chutes) {
      expect(sorter.chutes.find((c) => c.id === chute.id)).toMatchObject({ destination: chute.destination, capacity: chute.capacity, enabled: chute.enabled, count: chute.contents.length });
    }
    for (const r of engine.state.robots) {
      expect(state.robot(r.id)).toMatchObject({ state: r.state, operatingMode: r.operatingMode, currentTask: null, errors: [], stale: false });
      expect(state.robot(r.id)?.battery).toBeCloseTo(r.battery, 0);
    }
    expect(state.zones().map((z) => [z.code, z.eStopped])).toEqual(engine.state.zones.map((z) => [z.code, z.eStopped]));
    expect(state.scanner("SC-SRT")).toMatchObject({ conveyorId: "CV-SRT-04", stale: false });
  });

  it("sees a SetSpeed and a Start through the subscription (and prints the command→change p50)", async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const target = i % 2 === 0 ? 1.2 : 0.8;
      const changed = nextEvent(client.state, "conveyor", (c) => c.id === "CV-OUT-02" && c.setpoint === target);
      const sent = performance.now();
      expect(await client.commands.setConveyorSpeed("CV-OUT-02", target)).toEqual({ accepted: true, reason: "" });
      await changed;
      latencies.push(performance.now() - sent);
    }
    console.log(`command → change event over ${latencies.length} round trips: p50 ${percentile(latencies, 50).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`);
    const running = nextEvent(client.state, "conveyor", (c) => c.id === "CV-OUT-02" && c.state === "RUNNING" && c.speed > 0);
    expect(await client.commands.startConveyor("CV-OUT-02")).toEqual({ accepted: true, reason: "" });
    expect((await running).lastSeenAt).toBeInstanceOf(Date);
    expect(sim.engine.state.conveyors.find((c) => c.id === "CV-OUT-02")?.running).toBe(true);
  });

  it("surfaces a refusal's reason, and the e-stop alarm raised (severity 1000) and cleared", async () => {
    const zone = zoneId("OUT");
    const raised = nextEvent(client.state, "alarm", (a) => a.id === `ESTOP/${zone}` && a.active);
    const zoneStopped = nextEvent(client.state, "zone", (z) => z.id === zone && z.eStopped);
    const listed = nextEvent(client.state, "activeAlarms", (list) => list.some((a) => a.id === `ESTOP/${zone}` && a.severity === 1000));
    expect(await client.commands.eStopZone(zone)).toEqual({ accepted: true, reason: "" });
    expect(await raised).toMatchObject({ severity: 1000, deviceId: zone, active: true, message: expect.stringMatching(/Emergency stop in zone OUT/) });
    await zoneStopped;
    await listed;
    expect(await client.commands.startConveyor("CV-OUT-01")).toEqual({ accepted: false, reason: "zone OUT is emergency-stopped: reset the zone first" });
    const cleared = nextEvent(client.state, "alarm", (a) => a.id === `ESTOP/${zone}` && !a.active);
    expect(await client.commands.resetZone(zone)).toEqual({ accepted: true, reason: "" });
    expect((await cleared).message).toMatch(/^Cleared: /);
    // The list may change before or after the cleared event arrives: poll the state, not events.
    await waitFor(() => !client.state.activeAlarms().some((a) => a.id === `ESTOP/${zone}`));
    await waitFor(() => client.state.zone(zone)?.eStopped === false);
  });

  it("receives tote scans as events and in the scanner's record", async () => {
    const scanned = nextEvent(client.state, "toteScanned", (s) => s.scannerId === "SC-INB", 10_000);
    const counted = nextEvent(client.state, "scanner", (s) => s.id === "SC-INB" && s.scanCount > 0, 10_000);
    expect(await client.commands.startConveyor("CV-INB-01")).toEqual({ accepted: true, reason: "" });
    const scan = await scanned;
    expect(scan).toMatchObject({ conveyorId: "CV-INB-01", toteId: expect.stringMatching(/^TOTE-\d{6}$/) });
    expect((await counted).lastToteId).toMatch(/^TOTE-\d{6}$/);
  });

  it("answers robot and sorter commands, and a Bad status (unknown device) is a FloorCommandError", async () => {
    expect(await client.commands.pauseRobot("AMR-04")).toEqual({ accepted: true, reason: "" });
    expect((await nextEvent(client.state, "robot", (r) => r.id === "AMR-04" && r.state === "PAUSED")).stale).toBe(false);
    expect(await client.commands.resumeRobot("AMR-04")).toEqual({ accepted: true, reason: "" });
    expect(await client.commands.divert("SRT-01", "TOTE-Z", "CH-99")).toEqual({ accepted: false, reason: expect.stringMatching(/CH-99/) });
    const disabled = nextEvent(client.state, "sorter", (s) => s.chutes.find((c) => c.id === "CH-05")?.enabled === false);
    expect(await client.commands.enableChute("SRT-01", "CH-05", false)).toEqual({ accepted: true, reason: "" });
    await disabled;
    await expect(client.commands.startConveyor("CV-NOPE")).rejects.toBeInstanceOf(FloorCommandError);
  });
});
