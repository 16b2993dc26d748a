import { errorCodes } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "./support.ts";
import { startWcsHarness, type WcsHarness } from "./subgraph-support.ts";

let h: WcsHarness;
beforeAll(async () => {
  h = await startWcsHarness("wcs-subgraph-faults-", { autoStart: true, arrivalsPerMinute: 0 });
});
afterAll(async () => {
  await h?.stop();
});

describe("wcs subgraph when the PLC connection drops", () => {
  it("reports every device stale with its last values (to queries and subscribers), raises a connection alarm, fails commands with UNAVAILABLE, and recovers when the PLC returns", async () => {
    const socket = await h.socket("VIEWER");
    const raised = socket.subscribe(`subscription { alarmRaised(minSeverity: CRITICAL) { id severity device } }`);
    const changes = socket.subscribe(`subscription { conveyorChanged(id: "CV-SRT-01") { id state stale lastSeenAt } }`);
    // Both subscriptions are live once a change comes through (they were sent in this order); a
    // change made before the server registered them is missed, so keep changing until one arrives.
    await waitFor(async () => {
      h.sim.engine.setConveyorSpeed("CV-SRT-01", h.sim.engine.state.conveyors.find((c) => c.id === "CV-SRT-01")!.setpoint === 1.1 ? 1.0 : 1.1);
      return changes.next(() => true, 1000).then(() => true, () => false);
    }, 20_000);
    const before = await h.as("VIEWER", `{ conveyor(id: "CV-SRT-01") { state stale lastSeenAt } }`);
    expect(before.data!.conveyor).toMatchObject({ state: "RUNNING", stale: false });

    await h.stopSimulator();
    await waitFor(() => !h.client.state.connected, 10_000);

    const after = await h.as(
      "VIEWER",
      `{ conveyor(id: "CV-SRT-01") { state stale lastSeenAt } robots { stale } sorters { stale }
         floorStatus { connected } alarms { id severity device } }`,
    );
    expect(after.errors).toBeUndefined();
    expect(after.data!.conveyor).toEqual({ state: "RUNNING", stale: true, lastSeenAt: expect.any(String) });
    expect(new Date(after.data!.conveyor.lastSeenAt).getTime()).toBeGreaterThanOrEqual(new Date(before.data!.conveyor.lastSeenAt).getTime());
    expect(after.data!.robots.every((r: { stale: boolean }) => r.stale)).toBe(true);
    expect(after.data!.sorters.every((s: { stale: boolean }) => s.stale)).toBe(true);
    expect(after.data!.floorStatus).toEqual({ connected: false });
    expect(after.data!.alarms[0]).toEqual({ id: "CONNECTION/floor", severity: "CRITICAL", device: h.client.endpointUrl });
    // Subscribers learn it too: the device turns stale, the connection alarm is raised.
    expect((await changes.next((e) => e.data?.conveyorChanged.stale === true)).data!.conveyorChanged).toMatchObject({ id: "CV-SRT-01", state: "RUNNING" });
    expect((await raised.next()).data!.alarmRaised).toEqual({ id: "CONNECTION/floor", severity: "CRITICAL", device: h.client.endpointUrl });

    const stop = await h.as("OPERATOR", `mutation { stopConveyor(id: "CV-SRT-01", commandId: "stop-while-away") { id state } }`);
    expect(errorCodes(stop)).toEqual(["UNAVAILABLE"]);
    expect(stop.errors![0]!.message).toMatch(/Conveyor CV-SRT-01 cannot be reached: its PLC connection is down \(last seen /);
    expect(await h.subgraph.prisma.command.findUnique({ where: { commandId: "stop-while-away" } })).toMatchObject({ outcome: "FAILED", errorCode: "UNAVAILABLE" });
    expect(await h.subgraph.prisma.auditEntry.count({ where: { action: "floor.stopConveyor.failed" } })).toBe(1);

    // A failed command never reached the PLC: the same commandId may be tried again (and fails again here).
    expect(errorCodes(await h.as("OPERATOR", `mutation { stopConveyor(id: "CV-SRT-01", commandId: "stop-while-away") { id } }`))).toEqual(["UNAVAILABLE"]);
    expect(await h.subgraph.prisma.command.count({ where: { commandId: "stop-while-away" } })).toBe(1);
    expect(await h.subgraph.prisma.auditEntry.count({ where: { action: "floor.stopConveyor.failed" } })).toBe(2);

    // The PLC comes back on the same endpoint: the bridge reconnects by itself, devices are fresh
    // again (subscribers see it), and the command that failed now acts.
    await h.restartSimulator();
    expect((await changes.next((e) => e.data?.conveyorChanged.stale === false, 15_000)).data!.conveyorChanged.id).toBe("CV-SRT-01");
    const status = await h.as("VIEWER", `{ floorStatus { connected staleDevices } conveyor(id: "CV-SRT-01") { stale } alarms { id } }`);
    expect(status.data).toEqual({ floorStatus: { connected: true, staleDevices: 0 }, conveyor: { stale: false }, alarms: [] });
    const retried = await h.as("OPERATOR", `mutation { stopConveyor(id: "CV-SRT-01", commandId: "stop-while-away") { id state } }`);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.stopConveyor).toEqual({ id: "CV-SRT-01", state: "STOPPED" });
    expect(await h.subgraph.prisma.command.findUnique({ where: { commandId: "stop-while-away" } })).toMatchObject({ outcome: "ACCEPTED" });
  });
});
