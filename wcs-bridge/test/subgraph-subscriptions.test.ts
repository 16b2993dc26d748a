import { tokenFor, signedWsClient } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { floor, zoneId } from "./support.ts";
import { startWcsHarness, type WcsHarness } from "./subgraph-support.ts";

let h: WcsHarness;
beforeAll(async () => {
  h = await startWcsHarness("wcs-subscriptions-", { autoStart: true });
});
afterAll(async () => {
  await h?.stop();
});

const OUT = zoneId("OUT");
const INB = zoneId("INB");
const codes = (errors: unknown) => (errors as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code);

describe("wcs subgraph subscriptions over graphql-ws", () => {
  it("toteScanned delivers each scan of the chosen scanner", async () => {
    const socket = await h.socket("OPERATOR");
    const scans = socket.subscribe(`subscription { toteScanned(scannerId: "SC-INB") { scannerId conveyorId toteId at } }`);
    const first = await scans.next(() => true, 20_000);
    expect(first.data!.toteScanned).toEqual({ scannerId: "SC-INB", conveyorId: "CV-INB-01", toteId: expect.stringMatching(/^TOTE-\d+$/), at: expect.any(String) });
    expect(h.sim.engine.state.scanners.find((s) => s.id === "SC-INB")?.scanCount).toBeGreaterThan(0);
    const unknown = socket.subscribe(`subscription { toteScanned(scannerId: "SC-NOPE") { toteId } }`);
    expect(codes((await unknown.next()).errors)).toEqual(["NOT_FOUND"]);
  });

  it("conveyorChanged(id) delivers the commanded change of that conveyor only", async () => {
    const socket = await h.socket("VIEWER");
    const one = socket.subscribe(`subscription { conveyorChanged(id: "CV-OUT-02") { id state speed stale zone { id } } }`);
    const all = socket.subscribe(`subscription { conveyorChanged { id state } }`);
    await new Promise((r) => setTimeout(r, 1000));

    const stop = await h.as("OPERATOR", `mutation { stopConveyor(id: "CV-OUT-02", commandId: "sub-stop-1") { state } }`);
    expect(stop.errors).toBeUndefined();
    const event = await one.next((e) => e.data?.conveyorChanged.state === "STOPPED");
    expect(event.errors).toBeUndefined();
    expect(event.data!.conveyorChanged).toEqual({ id: "CV-OUT-02", state: "STOPPED", speed: expect.any(Number), stale: false, zone: { id: OUT } });
    expect(one.events.every((e) => e.data?.conveyorChanged.id === "CV-OUT-02")).toBe(true);
    await all.next((e) => e.data?.conveyorChanged.id === "CV-OUT-02" && e.data.conveyorChanged.state === "STOPPED");
    expect(new Set(all.events.map((e) => e.data?.conveyorChanged.id)).size).toBeGreaterThanOrEqual(1);

    await h.as("OPERATOR", `mutation { startConveyor(id: "CV-OUT-02", commandId: "sub-start-1") { state } }`);
    await one.next((e) => e.data?.conveyorChanged.state === "RUNNING");
  });

  it("robotChanged follows a dispatched robot", async () => {
    const socket = await h.socket("OPERATOR");
    const robot = socket.subscribe(`subscription { robotChanged(id: "AMR-05") { id state battery currentTask position { x y } } }`);
    await new Promise((r) => setTimeout(r, 1000));
    const res = await h.as("OPERATOR", `mutation($l: ID!) { dispatchRobot(robotId: "AMR-05", locationId: $l, commandId: "sub-dispatch-1") { state } }`, {
      l: floor.waypoints[1]!.locationId,
    });
    expect(res.errors).toBeUndefined();
    const driving = await robot.next((e) => e.data?.robotChanged.currentTask === "sub-dispatch-1");
    expect(driving.data!.robotChanged).toMatchObject({ id: "AMR-05", battery: expect.any(Number), position: { x: expect.any(Number), y: expect.any(Number) } });
  });

  it("alarmRaised filters by severity, and floorStatus(zoneId) sends the figures at once and then their change", async () => {
    const socket = await h.socket("SUPERVISOR");
    const critical = socket.subscribe(`subscription { alarmRaised(minSeverity: CRITICAL) { id severity message device raisedAt acknowledgedAt } }`);
    const status = socket.subscribe(
      `subscription($z: ID) { floorStatus(zoneId: $z) { zoneId connected totesPerHour activeAlarms staleDevices devicesByState { kind state count } at } }`,
      { z: INB },
    );
    const first = await status.next();
    expect(first.data!.floorStatus).toMatchObject({ zoneId: INB, connected: true, activeAlarms: 0, staleDevices: 0, totesPerHour: expect.any(Number) });
    const conveyorsIn = (s: { devicesByState: { kind: string; count: number }[] }) =>
      s.devicesByState.filter((d) => d.kind === "CONVEYOR").reduce((n, d) => n + d.count, 0);
    expect(conveyorsIn(first.data!.floorStatus)).toBe(4);

    const estop = await h.as("OPERATOR", `mutation($z: ID!) { emergencyStop(zoneId: $z, commandId: "sub-estop-1") { state } }`, { z: INB });
    expect(estop.errors).toBeUndefined();
    const alarm = await critical.next();
    expect(alarm.data!.alarmRaised).toMatchObject({ id: `ESTOP/${INB}`, severity: "CRITICAL", device: INB, acknowledgedAt: null });
    const stopped = await status.next((e) => e.data?.floorStatus.activeAlarms === 1);
    expect(stopped.data!.floorStatus.devicesByState).toContainEqual({ kind: "CONVEYOR", state: "ESTOPPED", count: 4 });

    const reset = await h.as("OPERATOR", `mutation($z: ID!) { resetZone(zoneId: $z, commandId: "sub-reset-1") { state } }`, { z: INB });
    expect(reset.errors).toBeUndefined();
    await status.next((e) => e.data?.floorStatus.activeAlarms === 0);
  });

  it("refuses anonymous, partner and unknown-device subscriptions with clear codes, and a bad token closes the socket with 4401", async () => {
    const anonymous = (await h.socket(null)).subscribe(`subscription { robotChanged { id } }`);
    expect(codes((await anonymous.next()).errors)).toEqual(["UNAUTHENTICATED"]);
    const partner = (await h.socket("PARTNER")).subscribe(`subscription { alarmRaised { id } }`);
    expect(codes((await partner.next()).errors)).toEqual(["FORBIDDEN"]);
    const unknown = (await h.socket("VIEWER")).subscribe(`subscription { conveyorChanged(id: "CV-NOPE") { id } }`);
    const refused = await unknown.next();
    expect(codes(refused.errors)).toEqual(["NOT_FOUND"]);
    expect(refused.errors).toMatchObject([{ message: expect.stringContaining("CV-NOPE") }]);

    const expired = signedWsClient(h.subgraph.url, await tokenFor("ADMIN", {}, -10));
    expect(await expired.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    await expired.dispose();
  });

  it("closes a socket with 4401 when its token expires", async () => {
    const socket = signedWsClient(h.subgraph.url, await tokenFor("VIEWER", {}, 2));
    const stream = socket.subscribe(`subscription { robotChanged { id } }`);
    await stream.next(() => true, 5_000);
    expect(await socket.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    await socket.dispose();
  });
});
