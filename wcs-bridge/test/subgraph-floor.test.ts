import { demoIdentity, errorCodes } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { chute, conveyor, floor, robot, waitFor, zoneId } from "./support.ts";
import { startWcsHarness, type WcsHarness } from "./subgraph-support.ts";

let h: WcsHarness;
beforeAll(async () => {
  // Packers never empty a chute during the run, so a chute filled by a test stays full.
  h = await startWcsHarness("wcs-subgraph-", { autoStart: true, packIntervalMs: 3_600_000, arrivalsPerMinute: 0 });
});
afterAll(async () => {
  await h?.stop();
});

const OUT = zoneId("OUT");
const INB = zoneId("INB");
const commandRow = (commandId: string) => h.subgraph.prisma.command.findUnique({ where: { commandId } });
const seen = (probe: () => boolean) => waitFor(probe, 5000);

const START = `mutation($id: ID!, $c: ID!) { startConveyor(id: $id, commandId: $c) { id state } }`;
const STOP = `mutation($id: ID!, $c: ID!) { stopConveyor(id: $id, commandId: $c) { id state } }`;
const SPEED = `mutation($id: ID!, $s: Float!, $c: ID!) { setConveyorSpeed(id: $id, speed: $s, commandId: $c) { id setpoint } }`;
const RESET = `mutation($id: ID!, $c: ID!) { resetConveyor(id: $id, commandId: $c) { id state } }`;
const ESTOP = `mutation($z: ID!, $c: ID!) { emergencyStop(zoneId: $z, commandId: $c) { id state } }`;
const RESET_ZONE = `mutation($z: ID!, $c: ID!) { resetZone(zoneId: $z, commandId: $c) { id state } }`;
const DISPATCH = `mutation($r: ID!, $l: ID!, $c: ID!) { dispatchRobot(robotId: $r, locationId: $l, commandId: $c) { id state currentTask } }`;
const CHUTE = `mutation($s: ID!, $ch: ID!, $e: Boolean!, $c: ID!) { setChuteEnabled(sorterId: $s, chuteId: $ch, enabled: $e, commandId: $c) { id chutes { id enabled } } }`;
const ROUTE = `mutation($s: ID!, $t: String!, $d: ID!, $c: ID!) { routeTote(sorterId: $s, toteId: $t, destinationId: $d, commandId: $c) { id recirculated } }`;

describe("wcs subgraph: queries", () => {
  it("answers the contract queries from the live state", async () => {
    const res = await h.as(
      "VIEWER",
      `{ conveyors { id name state speed stale lastSeenAt zone { id } }
         sorters { id state chutes { id destination full enabled destinationLocation { id } } }
         robots { id state battery position { x y } zone { id } batteryThreshold }
         alarms(activeOnly: true) { id severity message device raisedAt }
         floorStatus { connected } }`,
    );
    expect(res.errors).toBeUndefined();
    const data = res.data!;
    expect(data.conveyors).toHaveLength(12);
    expect(data.conveyors[0]).toMatchObject({ id: "CV-INB-01", name: "Inbound conveyor 1", state: "RUNNING", stale: false, zone: { id: INB } });
    expect(typeof data.conveyors[0].lastSeenAt).toBe("string");
    expect(data.sorters[0].chutes).toHaveLength(24);
    const ch1 = floor.sorters[0]!.chutes[0]!;
    expect(data.sorters[0].chutes[0]).toMatchObject({ id: ch1.id, destination: ch1.destination, destinationLocation: { id: ch1.destination }, enabled: true, full: false });
    expect(data.robots).toHaveLength(8);
    expect(data.robots[0]).toMatchObject({ id: "AMR-01", state: "IDLE", zone: { id: INB }, batteryThreshold: 20 });
    expect(data.robots[0].position).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(data.alarms).toEqual([]);
    expect(data.floorStatus).toEqual({ connected: true });
  });

  it("resolves Conveyor, Sorter and Robot entities by id (and null for an unknown one)", async () => {
    const res = await h.as(
      "VIEWER",
      `query($r: [_Any!]!) { _entities(representations: $r) {
         ... on Conveyor { id conveyorState: state } ... on Sorter { id sorterState: state } ... on Robot { id robotState: state } } }`,
      { r: [{ __typename: "Conveyor", id: "CV-OUT-01" }, { __typename: "Sorter", id: "SRT-01" }, { __typename: "Robot", id: "AMR-04" }, { __typename: "Robot", id: "AMR-99" }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([{ id: "CV-OUT-01", conveyorState: "RUNNING" }, { id: "SRT-01", sorterState: "RUNNING" }, { id: "AMR-04", robotState: "IDLE" }, null]);
  });

  it("keeps partners out of the floor", async () => {
    expect(errorCodes(await h.as("PARTNER", `{ conveyors { id } }`))).toEqual(["FORBIDDEN"]);
  });
});

describe("wcs subgraph: commands", () => {
  it("stops and starts a conveyor on the PLC, stored and audited", async () => {
    const stopped = await h.as("OPERATOR", STOP, { id: "CV-OUT-01", c: "stop-out-01" });
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data!.stopConveyor).toEqual({ id: "CV-OUT-01", state: "STOPPED" });
    expect(conveyor(h.sim.engine, "CV-OUT-01").running).toBe(false);

    const started = await h.as("SUPERVISOR", START, { id: "CV-OUT-01", c: "start-out-01" });
    expect(started.data!.startConveyor).toEqual({ id: "CV-OUT-01", state: "RUNNING" });
    expect(conveyor(h.sim.engine, "CV-OUT-01").running).toBe(true);

    const row = await commandRow("start-out-01");
    expect(row).toMatchObject({ kind: "startConveyor", targetId: "CV-OUT-01", outcome: "ACCEPTED", actorId: demoIdentity("SUPERVISOR").userId, actorRole: "SUPERVISOR", reason: null });
    const audit = await h.subgraph.prisma.auditEntry.findMany({ where: { subjectId: "CV-OUT-01" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["floor.stopConveyor.accepted", "floor.startConveyor.accepted"]);
  });

  it("sets a speed within the limits, and refuses one outside them with BAD_USER_INPUT", async () => {
    const ok = await h.as("ADMIN", SPEED, { id: "CV-OUT-02", s: 1.5, c: "speed-ok" });
    expect(ok.data!.setConveyorSpeed).toEqual({ id: "CV-OUT-02", setpoint: 1.5 });
    expect(conveyor(h.sim.engine, "CV-OUT-02").setpoint).toBe(1.5);

    const spy = vi.spyOn(h.sim.engine, "setConveyorSpeed");
    const bad = await h.as("OPERATOR", SPEED, { id: "CV-OUT-02", s: 9, c: "speed-bad" });
    expect(errorCodes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0]!.message).toMatch(/outside conveyor CV-OUT-02's limits \[0\.2, 2\]/);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(await commandRow("speed-bad")).toMatchObject({ outcome: "REFUSED", errorCode: "BAD_USER_INPUT" });
  });

  it("acts once for a repeated commandId, answers the first result, and refuses reuse for another command", async () => {
    const spy = vi.spyOn(h.sim.engine, "stopConveyor");
    const first = await h.as("OPERATOR", STOP, { id: "CV-OUT-03", c: "once-1" });
    const again = await h.as("OPERATOR", STOP, { id: "CV-OUT-03", c: "once-1" });
    expect(first.data).toEqual({ stopConveyor: { id: "CV-OUT-03", state: "STOPPED" } });
    expect(again.data).toEqual(first.data);
    expect(spy).toHaveBeenCalledTimes(1);

    const reused = await h.as("OPERATOR", STOP, { id: "CV-OUT-04", c: "once-1" });
    expect(errorCodes(reused)).toEqual(["CONFLICT"]);
    expect(reused.errors![0]!.message).toMatch(/already used for a different command/);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(await h.subgraph.prisma.command.count({ where: { commandId: "once-1" } })).toBe(1);

    const startSpy = vi.spyOn(h.sim.engine, "startConveyor");
    const concurrent = await Promise.all([1, 2, 3].map(() => h.as("OPERATOR", START, { id: "CV-OUT-03", c: "once-2" })));
    expect(concurrent.map((r) => r.data)).toEqual([1, 2, 3].map(() => ({ startConveyor: { id: "CV-OUT-03", state: "RUNNING" } })));
    expect(startSpy).toHaveBeenCalledTimes(1);
    startSpy.mockRestore();

    const malformed = await h.as("OPERATOR", STOP, { id: "CV-OUT-03", c: "no spaces please" });
    expect(errorCodes(malformed)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses PICKER and VIEWER with FORBIDDEN and writes nothing", async () => {
    const spy = vi.spyOn(h.sim.engine, "stopConveyor");
    for (const role of ["PICKER", "VIEWER", "PARTNER"] as const) {
      const res = await h.as(role, STOP, { id: "CV-INB-01", c: `forbidden-${role}` });
      expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
      expect(await commandRow(`forbidden-${role}`)).toBeNull();
    }
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(conveyor(h.sim.engine, "CV-INB-01").running).toBe(true);
    expect(await h.subgraph.prisma.auditEntry.count({ where: { subjectId: "CV-INB-01" } })).toBe(0);
  });

  it("answers NOT_FOUND for an unknown device", async () => {
    expect(errorCodes(await h.as("OPERATOR", START, { id: "CV-NOPE", c: "unknown-1" }))).toEqual(["NOT_FOUND"]);
    expect(await commandRow("unknown-1")).toMatchObject({ outcome: "REFUSED", errorCode: "NOT_FOUND" });
  });

  it("emergency-stops a zone; nothing starts there; the alarm is acknowledged; a reset releases it", async () => {
    const stopped = await h.as("OPERATOR", ESTOP, { z: OUT, c: "estop-out" });
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data!.emergencyStop.map((c: { state: string }) => c.state)).toEqual(["ESTOPPED", "ESTOPPED", "ESTOPPED", "ESTOPPED"]);
    expect(h.sim.engine.state.zones.find((z) => z.id === OUT)?.eStopped).toBe(true);

    const spy = vi.spyOn(h.sim.engine, "startConveyor");
    const refused = await h.as("OPERATOR", START, { id: "CV-OUT-01", c: "start-in-estop" });
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors![0]!.message).toMatch(/emergency-stopped; reset the zone first/);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(await commandRow("start-in-estop")).toMatchObject({ outcome: "REFUSED", errorCode: "CONFLICT", reason: expect.stringMatching(/emergency-stopped/) });
    // A repeat answers the stored refusal.
    expect(errorCodes(await h.as("OPERATOR", START, { id: "CV-OUT-01", c: "start-in-estop" }))).toEqual(["CONFLICT"]);

    await seen(() => h.client.state.activeAlarms().some((a) => a.id === `ESTOP/${OUT}`));
    const alarms = await h.as("VIEWER", `{ alarms(activeOnly: true) { id severity message device raisedAt acknowledgedBy { id } } }`);
    expect(alarms.data!.alarms).toEqual([{ id: `ESTOP/${OUT}`, severity: "CRITICAL", message: expect.stringMatching(/Emergency stop/), device: OUT, raisedAt: expect.any(String), acknowledgedBy: null }]);
    const ack = await h.as("OPERATOR", `mutation($id: ID!, $c: ID!) { acknowledgeAlarm(id: $id, commandId: $c) { id acknowledgedAt acknowledgedBy { id } } }`, { id: `ESTOP/${OUT}`, c: "ack-1" });
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.acknowledgeAlarm).toMatchObject({ id: `ESTOP/${OUT}`, acknowledgedAt: expect.any(String), acknowledgedBy: { id: demoIdentity("OPERATOR").userId } });
    expect(await h.subgraph.prisma.alarmAcknowledgement.count({ where: { alarmId: `ESTOP/${OUT}` } })).toBe(1);

    const reset = await h.as("SUPERVISOR", RESET_ZONE, { z: OUT, c: "reset-out" });
    expect(reset.data!.resetZone.map((c: { state: string }) => c.state)).toEqual(["STOPPED", "STOPPED", "STOPPED", "STOPPED"]);
    const started = await h.as("OPERATOR", START, { id: "CV-OUT-01", c: "start-after-reset" });
    expect(started.data!.startConveyor).toEqual({ id: "CV-OUT-01", state: "RUNNING" });
  });

  it("refuses to start a jammed conveyor until it is reset", async () => {
    conveyor(h.sim.engine, "CV-INB-03").fault = "JAM";
    await seen(() => h.client.state.conveyor("CV-INB-03")?.state === "JAMMED");
    const refused = await h.as("OPERATOR", START, { id: "CV-INB-03", c: "start-jammed" });
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors![0]!.message).toBe("Conveyor CV-INB-03 is JAMMED: reset it first");
    expect(await commandRow("start-jammed")).toMatchObject({ outcome: "REFUSED" });

    const reset = await h.as("OPERATOR", RESET, { id: "CV-INB-03", c: "reset-jammed" });
    expect(reset.data!.resetConveyor).toEqual({ id: "CV-INB-03", state: "STOPPED" });
    const started = await h.as("OPERATOR", START, { id: "CV-INB-03", c: "start-unjammed" });
    expect(started.data!.startConveyor).toEqual({ id: "CV-INB-03", state: "RUNNING" });
    expect(conveyor(h.sim.engine, "CV-INB-03")).toMatchObject({ running: true, fault: null });
  });

  it("dispatches, pauses, resumes and cancels a robot", async () => {
    const target = floor.waypoints[0]!.locationId;
    const sent = await h.as("OPERATOR", DISPATCH, { r: "AMR-01", l: target, c: "task-amr-01" });
    expect(sent.errors).toBeUndefined();
    expect(sent.data!.dispatchRobot).toEqual({ id: "AMR-01", state: "DRIVING", currentTask: "task-amr-01" });
    expect(robot(h.sim.engine, "AMR-01")).toMatchObject({ state: "DRIVING", currentTask: "task-amr-01" });

    const paused = await h.as("OPERATOR", `mutation { pauseRobot(robotId: "AMR-01", commandId: "pause-1") { id state } }`);
    expect(paused.data!.pauseRobot).toEqual({ id: "AMR-01", state: "PAUSED" });
    expect(robot(h.sim.engine, "AMR-01").state).toBe("PAUSED");
    const resumed = await h.as("OPERATOR", `mutation { resumeRobot(robotId: "AMR-01", commandId: "resume-1") { id state } }`);
    expect(resumed.data!.resumeRobot).toEqual({ id: "AMR-01", state: "DRIVING" });
    const cancelled = await h.as("OPERATOR", `mutation { cancelRobotTask(robotId: "AMR-01", commandId: "cancel-1") { id currentTask } }`);
    expect(cancelled.data!.cancelRobotTask).toEqual({ id: "AMR-01", currentTask: null });
    expect(robot(h.sim.engine, "AMR-01").currentTask).toBe("");
  });

  it("does not dispatch a robot in ERROR or under its battery threshold", async () => {
    const target = floor.waypoints[0]!.locationId;
    const spy = vi.spyOn(h.sim.engine, "assignTask");
    Object.assign(robot(h.sim.engine, "AMR-02"), { state: "ERROR", errors: [{ errorType: "bumper", errorLevel: "FATAL", description: "bumper pressed" }] });
    robot(h.sim.engine, "AMR-03").battery = 5;
    await seen(() => h.client.state.robot("AMR-02")?.state === "ERROR" && (h.client.state.robot("AMR-03")?.battery ?? 100) < 20);

    const inError = await h.as("OPERATOR", DISPATCH, { r: "AMR-02", l: target, c: "task-amr-02" });
    expect(errorCodes(inError)).toEqual(["CONFLICT"]);
    expect(inError.errors![0]!.message).toMatch(/Robot AMR-02 is in ERROR \(FATAL bumper: bumper pressed\)/);
    const lowBattery = await h.as("OPERATOR", DISPATCH, { r: "AMR-03", l: target, c: "task-amr-03" });
    expect(errorCodes(lowBattery)).toEqual(["CONFLICT"]);
    expect(lowBattery.errors![0]!.message).toMatch(/Robot AMR-03 battery \d+\.\d% is below its threshold of 20%/);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect((await commandRow("task-amr-02"))?.outcome).toBe("REFUSED");
    expect((await commandRow("task-amr-03"))?.outcome).toBe("REFUSED");
  });

  it("maps a refusal by the PLC to CONFLICT with its reason", async () => {
    const res = await h.as("OPERATOR", DISPATCH, { r: "AMR-04", l: "00000000-0000-0000-0000-000000000000", c: "task-nowhere" });
    expect(errorCodes(res)).toEqual(["CONFLICT"]);
    expect(res.errors![0]!.message).toMatch(/^The floor refused dispatchRobot on AMR-04: /);
    expect(await commandRow("task-nowhere")).toMatchObject({ outcome: "REFUSED", reason: expect.stringMatching(/refused/) });
  });

  it("enables and disables a chute; a disabled or full chute is not a divert target (the tote recirculates)", async () => {
    const [, , ch3, ch4, ch5] = floor.sorters[0]!.chutes;
    const off = await h.as("OPERATOR", CHUTE, { s: "SRT-01", ch: ch3!.id, e: false, c: "chute-off" });
    expect(off.data!.setChuteEnabled.chutes.find((c: { id: string }) => c.id === ch3!.id)).toEqual({ id: ch3!.id, enabled: false });
    expect(chute(h.sim.engine, ch3!.id).enabled).toBe(false);

    chute(h.sim.engine, ch4!.id).contents = Array.from({ length: ch4!.capacity }, (_, i) => `FULL-${i}`);
    await seen(() => h.client.state.sorter("SRT-01")?.chutes.find((c) => c.id === ch4!.id)?.full === true);

    const divert = vi.spyOn(h.sim.engine, "divert");
    const ok = await h.as("OPERATOR", ROUTE, { s: "SRT-01", t: "TOTE-OK", d: ch5!.destination, c: "route-ok" });
    expect(ok.errors).toBeUndefined();
    expect(divert).toHaveBeenLastCalledWith("SRT-01", "TOTE-OK", ch5!.id);
    expect(divert.mock.results.at(-1)?.value).toEqual({ accepted: true, reason: "" });

    for (const [c, why] of [[ch3!, "disabled"], [ch4!, "full"]] as const) {
      const res = await h.as("OPERATOR", ROUTE, { s: "SRT-01", t: `TOTE-${why}`, d: c.destination, c: `route-${why}` });
      expect(errorCodes(res)).toEqual(["CONFLICT"]);
      expect(res.errors![0]!.message).toBe(`Chute ${c.id} for destination ${c.destination} is ${why}: it is not a divert target, tote TOTE-${why} recirculates`);
      expect(divert.mock.results.at(-1)?.value).toMatchObject({ accepted: false });
      expect(await commandRow(`route-${why}`)).toMatchObject({ outcome: "REFUSED", errorCode: "CONFLICT" });
    }
    divert.mockRestore();
  });
});
