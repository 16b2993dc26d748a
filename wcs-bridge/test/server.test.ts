import {
  AttributeIds,
  BrowseDirection,
  ClientMonitoredItem,
  ClientSubscription,
  DataType,
  TimestampsToReturn,
  constructEventFilter,
  type ClientSession,
  type Variant,
} from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { type Connection, bool, call, conveyor, connect, dbl, floor, nodeId, readValue, robot, str, tempDir, waitFor, waypoint, zoneId } from "./support.ts";

const pki = tempDir("floor-sim-server-");
let sim: FloorSimulator;
let conn: Connection;
let session: ClientSession;

beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, seed: 11, pkiDir: pki.path, jamProbability: 0, errorProbability: 0, arrivalsPerMinute: 600 });
  conn = await connect(sim.endpointUrl, pki.path);
  session = conn.session;
});
afterAll(async () => {
  await conn?.close();
  await sim?.stop();
  pki.remove();
});

const INB = zoneId("INB");
const CONTRACT: Record<string, { variables: Record<string, DataType>; methods: string[] }> = {
  [`Zone/${INB}`]: { variables: { EStopped: DataType.Boolean, Name: DataType.String }, methods: ["EStop", "Reset"] },
  "Conveyor/CV-INB-01": {
    variables: { State: DataType.String, Speed: DataType.Double, Setpoint: DataType.Double, MinSpeed: DataType.Double, MaxSpeed: DataType.Double, ToteCount: DataType.UInt32, ZoneId: DataType.String, Name: DataType.String },
    methods: ["Start", "Stop", "SetSpeed", "Reset"],
  },
  "Sorter/SRT-01": {
    variables: { State: DataType.String, InductRate: DataType.Double, ToteCount: DataType.UInt32, Recirculated: DataType.UInt32, ZoneId: DataType.String },
    methods: ["Start", "Stop", "EnableChute", "Divert"],
  },
  "Chute/CH-01": {
    variables: { Destination: DataType.String, Full: DataType.Boolean, Enabled: DataType.Boolean, Count: DataType.UInt32, Capacity: DataType.UInt32, SorterId: DataType.String },
    methods: [],
  },
  "Robot/AMR-01": {
    variables: {
      State: DataType.String, OperatingMode: DataType.String, Battery: DataType.Double, Charging: DataType.Boolean, X: DataType.Double, Y: DataType.Double,
      Heading: DataType.Double, CurrentTask: DataType.String, TargetLocationId: DataType.String, Errors: DataType.String,
    },
    methods: ["AssignTask", "Pause", "Resume", "Cancel", "Reset"],
  },
  "Scanner/SC-INB": { variables: { LastToteId: DataType.String, ScanCount: DataType.UInt32, ConveyorId: DataType.String }, methods: [] },
  Floor: { variables: { Layout: DataType.String, Clock: DataType.DateTime, Seed: DataType.UInt32, ActiveAlarms: DataType.String }, methods: [] },
};

describe("address space contract", () => {
  it("publishes namespace 1 as urn:floorgraph:floor-simulator", async () => {
    const namespaces = (await session.readNamespaceArray()) as string[];
    expect(namespaces[1]).toBe("urn:floorgraph:floor-simulator");
  });

  it.each(Object.entries(CONTRACT))("%s has the contract's variables (types) and methods", async (path, spec) => {
    const browse = await session.browse({ nodeId: nodeId(path), browseDirection: BrowseDirection.Forward, resultMask: 63 });
    const names = browse.references?.map((r) => r.browseName.name) ?? [];
    for (const name of [...Object.keys(spec.variables), ...spec.methods]) expect(names).toContain(name);
    for (const [name, dataType] of Object.entries(spec.variables)) {
      const dv = await session.read({ nodeId: nodeId(`${path}/${name}`), attributeId: AttributeIds.Value });
      expect(dv.statusCode.isGood(), `${path}/${name}`).toBe(true);
      expect(dv.value.dataType, `${path}/${name}`).toBe(dataType);
    }
  });

  it("serves the floor layout, seed, clock and initial device values", async () => {
    expect(JSON.parse((await readValue(session, "Floor/Layout")) as string)).toEqual(floor);
    expect(await readValue(session, "Floor/Seed")).toBe(11);
    const clock = (await readValue(session, "Floor/Clock")) as Date;
    expect(Math.abs(clock.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await readValue(session, "Chute/CH-01/Destination")).toBe(floor.sorters[0]!.chutes[0]!.destination);
    expect(await readValue(session, "Conveyor/CV-INB-01/ZoneId")).toBe(INB);
    expect(await readValue(session, "Robot/AMR-01/OperatingMode")).toBe("AUTOMATIC");
    expect(await readValue(session, "Robot/AMR-01/Errors")).toBe("[]");
  });
});

describe("live values and methods", () => {
  it("a 50 ms monitored item on Speed sees the belt ramp after Start and SetSpeed", async () => {
    const subscription = ClientSubscription.create(session, { requestedPublishingInterval: 50, requestedMaxKeepAliveCount: 20, publishingEnabled: true });
    const seen: number[] = [];
    const item = ClientMonitoredItem.create(
      subscription,
      { nodeId: nodeId("Conveyor/CV-OUT-02/Speed"), attributeId: AttributeIds.Value },
      { samplingInterval: 50, discardOldest: true, queueSize: 10 },
      TimestampsToReturn.Both,
    );
    item.on("changed", (dv) => seen.push(dv.value.value as number));
    await waitFor(() => seen.length > 0);
    expect(seen[0]).toBe(0);
    expect(await call(session, "Conveyor/CV-OUT-02", "SetSpeed", [dbl(1.5)])).toEqual({ accepted: true, reason: "" });
    expect(await call(session, "Conveyor/CV-OUT-02", "Start")).toEqual({ accepted: true, reason: "" });
    await waitFor(() => seen.includes(1.5), 5000);
    expect(seen.some((v) => v > 0 && v < 1.5)).toBe(true);
    expect(await readValue(session, "Conveyor/CV-OUT-02/State")).toBe("RUNNING");
    expect(await readValue(session, "Conveyor/CV-OUT-02/Setpoint")).toBe(1.5);
    await subscription.terminate();
  });

  it("Stop, SetSpeed refusal and Reset of a jam round-trip to the engine", async () => {
    expect(await call(session, "Conveyor/CV-OUT-02", "Stop")).toEqual({ accepted: true, reason: "" });
    expect(conveyor(sim.engine, "CV-OUT-02").running).toBe(false);
    expect(await call(session, "Conveyor/CV-OUT-03", "SetSpeed", [dbl(3)])).toEqual({ accepted: false, reason: "speed 3 m/s is outside [0.2, 2]" });
    conveyor(sim.engine, "CV-OUT-04").fault = "JAM";
    const start = await call(session, "Conveyor/CV-OUT-04", "Start");
    expect(start.accepted).toBe(false);
    expect(start.reason).toMatch(/jammed/);
    expect(await call(session, "Conveyor/CV-OUT-04", "Reset")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Conveyor/CV-OUT-04/State")).toBe("STOPPED");
  });

  it("zone EStop and Reset, and Start refused in an e-stopped zone", async () => {
    const zone = zoneId("OUT");
    expect(await call(session, `Zone/${zone}`, "EStop")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, `Zone/${zone}/EStopped`)).toBe(true);
    expect(await readValue(session, "Conveyor/CV-OUT-01/State")).toBe("ESTOPPED");
    const alarms = JSON.parse((await readValue(session, "Floor/ActiveAlarms")) as string) as { id: string; severity: number; deviceId: string; raisedAt: string }[];
    expect(alarms).toContainEqual(expect.objectContaining({ id: `ESTOP/${zone}`, severity: 1000, deviceId: zone, raisedAt: expect.any(String) }));
    expect(await call(session, "Conveyor/CV-OUT-01", "Start")).toEqual({ accepted: false, reason: "zone OUT is emergency-stopped: reset the zone first" });
    expect(robot(sim.engine, "AMR-06").state).toBe("PAUSED");
    expect(await call(session, `Zone/${zone}`, "Reset")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Conveyor/CV-OUT-01/State")).toBe("STOPPED");
    expect(await call(session, "Robot/AMR-06", "Resume")).toEqual({ accepted: true, reason: "" });
  });

  it("sorter Start/Stop, EnableChute and Divert (accepted and refused)", async () => {
    expect(await call(session, "Sorter/SRT-01", "Start")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Sorter/SRT-01/State")).toBe("RUNNING");
    expect(await call(session, "Sorter/SRT-01", "EnableChute", [str("CH-02"), bool(false)])).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Chute/CH-02/Enabled")).toBe(false);
    expect(await call(session, "Sorter/SRT-01", "Divert", [str("TOTE-X"), str("CH-02")])).toEqual({ accepted: false, reason: "chute CH-02 is disabled" });
    expect(await call(session, "Sorter/SRT-01", "Divert", [str("TOTE-Y"), str("CH-03")])).toEqual({ accepted: true, reason: "" });
    sim.engine.induct("SRT-01", "TOTE-Y");
    await waitFor(async () => (await readValue(session, "Chute/CH-03/Count")) === 1);
    expect(await call(session, "Sorter/SRT-01", "Stop")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Sorter/SRT-01/State")).toBe("STOPPED");
  });

  it("robot AssignTask, Pause, Resume, Cancel and the low-battery refusal", async () => {
    const to = waypoint("A-10-10-1-A");
    expect(await call(session, "Robot/AMR-02", "AssignTask", [str("TASK-9"), str(to.locationId)])).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Robot/AMR-02/State")).toBe("DRIVING");
    expect(await readValue(session, "Robot/AMR-02/CurrentTask")).toBe("TASK-9");
    expect(await readValue(session, "Robot/AMR-02/TargetLocationId")).toBe(to.locationId);
    expect(await call(session, "Robot/AMR-02", "Pause")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Robot/AMR-02/State")).toBe("PAUSED");
    expect(await call(session, "Robot/AMR-02", "Resume")).toEqual({ accepted: true, reason: "" });
    const x0 = (await readValue(session, "Robot/AMR-02/X")) as number;
    await waitFor(async () => (await readValue(session, "Robot/AMR-02/X")) !== x0);
    expect(await call(session, "Robot/AMR-02", "Cancel")).toEqual({ accepted: true, reason: "" });
    expect(await readValue(session, "Robot/AMR-02/State")).toBe("IDLE");
    robot(sim.engine, "AMR-03").battery = 5;
    const refused = await call(session, "Robot/AMR-03", "AssignTask", [str("TASK-10"), str(to.locationId)]);
    expect(refused.accepted).toBe(false);
    expect(refused.reason).toMatch(/battery 5\.0% is below its threshold of 20%/);
  });
});

describe("events", () => {
  it("emits a ToteScannedEventType per scan, and an AlarmConditionType event per alarm change, from the device", async () => {
    const subscription = ClientSubscription.create(session, { requestedPublishingInterval: 50, requestedMaxKeepAliveCount: 20, publishingEnabled: true });
    const events: Variant[][] = [];
    const item = ClientMonitoredItem.create(
      subscription,
      { nodeId: "i=2253", attributeId: AttributeIds.EventNotifier },
      { samplingInterval: 0, discardOldest: true, queueSize: 100, filter: constructEventFilter(["EventType", "SourceName", "Message", "Severity", "ConditionId", "ActiveState.Id", "AckedState.Id"]) },
      TimestampsToReturn.Neither,
    );
    item.on("changed", (fields) => events.push(fields as unknown as Variant[]));
    await new Promise((r) => setTimeout(r, 200));
    await call(session, "Conveyor/CV-INB-01", "Start");
    const scan = await waitFor(() => events.find((e) => e[1]?.value === "SC-INB"), 10_000);
    expect(scan[0]?.value.toString()).toBe("ns=1;s=ToteScannedEventType");
    expect(scan[2]?.value.text).toMatch(/^TOTE-\d{6}$/);
    await call(session, `Zone/${zoneId("SRT")}`, "EStop");
    const alarm = await waitFor(() => events.find((e) => e[1]?.value === zoneId("SRT")));
    expect(alarm[0]?.value.toString()).toBe("ns=0;i=2915"); // AlarmConditionType
    expect(alarm[3]?.value).toBe(1000);
    expect(alarm[2]?.value.text).toMatch(/Emergency stop in zone SRT/);
    expect(alarm[4]?.value.toString()).toBe(`ns=1;s=Zone/${zoneId("SRT")}/EStopAlarm`);
    expect([alarm[5]?.value, alarm[6]?.value]).toEqual([true, false]);
    await call(session, `Zone/${zoneId("SRT")}`, "Reset");
    const cleared = await waitFor(() => events.find((e) => e[1]?.value === zoneId("SRT") && e[5]?.value === false));
    expect(cleared[2]?.value.text).toMatch(/^Cleared: /);
    expect(cleared[3]?.value).toBe(1);
    await subscription.terminate();
  });
});
