import { AttributeIds, BrowseDirection, NodeClass, type ClientSession, makeBrowsePath } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { type AnyDevice, DEVICE_KINDS, alarmId, applyVariable, conveyorDevice, devicePath, robotDevice, scannerDevice, sorterDevice, typeName, zoneDevice } from "../src/devices/index.ts";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { insecure, nextEvent } from "./bridge-support.ts";
import { type Connection, connect, conveyor, floor, nodeId, tempDir, waitFor, zoneId } from "./support.ts";

/** The device kinds as the floor's OPC UA address space shows them, built from their descriptors. */
const pki = tempDir("floor-devices-");
let sim: FloorSimulator;
let conn: Connection;
let session: ClientSession;
let client: FloorClient;

beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, seed: 5, pkiDir: pki.path, jamProbability: 0, errorProbability: 0 });
  conn = await connect(sim.endpointUrl, pki.path);
  session = conn.session;
  client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path));
});
afterAll(async () => {
  await client?.close();
  await conn?.close();
  await sim?.stop();
  pki.remove();
});

async function references(node: string, referenceTypeId: string, direction = BrowseDirection.Forward) {
  const result = await session.browse({ nodeId: node, referenceTypeId, browseDirection: direction, includeSubtypes: true, resultMask: 63, nodeClassMask: 0 });
  return result.references ?? [];
}
const browseNames = (refs: { browseName: { name?: string | null } }[]) => refs.map((r) => r.browseName.name ?? "").sort();
const ids = (d: AnyDevice) => d.initialRecords(floor).map((r: { id: string }) => r.id);

describe("ObjectTypes from the descriptors", () => {
  it.each(DEVICE_KINDS.map((d) => [d.kind, d] as const))("%sType is a BaseObjectType subtype with the descriptor's variables and methods, Mandatory", async (_kind, d) => {
    const type = nodeId(typeName(d));
    const [nodeClass, superType] = await Promise.all([
      session.read({ nodeId: type, attributeId: AttributeIds.NodeClass }),
      references(type, "HasSubtype", BrowseDirection.Inverse),
    ]);
    expect(nodeClass.value.value).toBe(NodeClass.ObjectType);
    expect(superType.map((r) => r.nodeId.toString())).toEqual(["ns=0;i=58"]);
    const components = await references(type, "HasComponent");
    const variables = components.filter((c) => c.nodeClass === NodeClass.Variable);
    const methods = components.filter((c) => c.nodeClass === NodeClass.Method);
    expect(browseNames(variables)).toEqual(d.variables.map((v) => v.browseName).sort());
    expect(browseNames(methods)).toEqual(d.methods.map((m) => m.name).sort());
    for (const c of components) {
      const rule = await references(c.nodeId.toString(), "HasModellingRule");
      expect(rule.map((r) => r.browseName.name)).toEqual(["Mandatory"]);
    }
  });
});

describe("instances", () => {
  it("every device of the floor is an instance of its kind's type, organised in its kind's folder", async () => {
    let count = 0;
    for (const d of DEVICE_KINDS) {
      const organized = browseNames(await references(nodeId(`Floor/${d.folder}`), "Organizes"));
      expect(organized).toEqual(ids(d).sort());
      for (const id of ids(d)) {
        const typeDefinition = await references(nodeId(devicePath(d.kind, id)), "HasTypeDefinition");
        expect(typeDefinition.map((r) => r.nodeId.toString())).toEqual([nodeId(typeName(d))]);
        count++;
      }
    }
    expect(count).toBe(floor.zones.length + floor.conveyors.length + floor.sorters.length + 24 + floor.robots.length + floor.scanners.length);
  });

  it("each alarm of a kind is an AlarmConditionType component of every device, with the standard Acknowledge and Confirm", async () => {
    for (const d of DEVICE_KINDS.filter((k) => k.alarms?.length)) {
      for (const id of ids(d).slice(0, 2)) {
        for (const alarm of d.alarms ?? []) {
          const condition = nodeId(`${devicePath(d.kind, id)}/${alarm.name}`);
          expect((await references(condition, "HasTypeDefinition")).map((r) => r.nodeId.toString())).toEqual(["ns=0;i=2915"]);
          const methods = browseNames((await references(condition, "HasComponent")).filter((c) => c.nodeClass === NodeClass.Method));
          expect(methods).toEqual(expect.arrayContaining(["Acknowledge", "Confirm"]));
          expect((await references(nodeId(devicePath(d.kind, id)), "HasCondition")).map((r) => r.nodeId.toString())).toContain(condition);
        }
      }
    }
  });
});

describe("descriptor-driven round trip, per kind", () => {
  /** The bridge's record equals what the descriptor makes of a direct read of every variable. */
  async function expectRecordMatchesServer(d: AnyDevice, id: string) {
    const expected: Record<string, unknown> = { ...d.initialRecords(floor).find((r: { id: string }) => r.id === id) };
    const values = await session.read(d.variables.map((v) => ({ nodeId: nodeId(devicePath(d.kind, id, v.browseName)), attributeId: AttributeIds.Value })));
    d.variables.forEach((v, i) => expect(applyVariable(d, expected as { id: string }, v.browseName, values[i]?.value.value), `${d.kind}/${id}/${v.browseName}`).toBe(true));
    const record = client.state.device<Record<string, unknown>>(d.kind, id);
    for (const v of d.variables) expect(record?.[v.field], `${d.kind}/${id} ${v.field}`).toEqual(expected[v.field]);
  }

  const cases: { kind: string; device: AnyDevice; id: string; act: () => Promise<unknown>; done: () => boolean }[] = [
    { kind: "Zone", device: zoneDevice, id: zoneId("OUT"), act: () => client.commands.call(zoneDevice, zoneId("OUT"), "EStop"), done: () => client.state.zone(zoneId("OUT"))?.eStopped === true },
    { kind: "Conveyor", device: conveyorDevice, id: "CV-SRT-02", act: () => client.commands.call(conveyorDevice, "CV-SRT-02", "SetSpeed", [0.9]), done: () => client.state.conveyor("CV-SRT-02")?.setpoint === 0.9 },
    { kind: "Sorter", device: sorterDevice, id: "SRT-01", act: () => client.commands.call(sorterDevice, "SRT-01", "EnableChute", ["CH-05", false]), done: () => client.state.sorter("SRT-01")?.chutes.find((c) => c.id === "CH-05")?.enabled === false },
    { kind: "Robot", device: robotDevice, id: "AMR-04", act: () => client.commands.call(robotDevice, "AMR-04", "AssignTask", ["T-1", floor.waypoints[0]!.locationId]), done: () => client.state.robot("AMR-04")?.currentTask === "T-1" },
    {
      kind: "Scanner",
      device: scannerDevice,
      id: "SC-INB",
      act: async () => {
        conveyor(sim.engine, "CV-INB-01").running = true;
        sim.engine.startConveyor("CV-INB-01");
      },
      done: () => (client.state.scanner("SC-INB")?.scanCount ?? 0) > 0,
    },
  ];
  /**
   * The simulation keeps moving (batteries drain, robots drive), so the bridge's record and a read
   * may be one publish apart: retried until they agree, failing with the last difference.
   */
  async function eventuallyMatches(d: AnyDevice, id: string, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await expectRecordMatchesServer(d, id);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  it.each(cases.map((c) => [c.kind, c] as const))("%s: a method (or the simulation) changes it, and the bridge's record is the descriptor's reading of the server", async (_kind, c) => {
    await eventuallyMatches(c.device, c.id);
    const answer = await c.act();
    if (answer) expect(answer).toEqual({ accepted: true, reason: "" });
    await waitFor(c.done, 10_000);
    await eventuallyMatches(c.device, c.id);
  });
});

describe("alarms as AlarmConditionType", () => {
  const ackedState = async (conditionPath: string) => {
    const [target] = await session.translateBrowsePath([makeBrowsePath(nodeId(conditionPath), ".AckedState.Id")]);
    const node = target?.targets?.[0]?.targetId;
    if (!node) throw new Error(`no AckedState under ${conditionPath}`);
    return (await session.read({ nodeId: node, attributeId: AttributeIds.Value })).value.value as boolean;
  };

  it("an e-stop in the simulator reaches the bridge as a condition event; acknowledging through the bridge sets AckedState on the server", async () => {
    const zone = zoneId("INB");
    const id = alarmId(zoneDevice.alarms![0]!, zone);
    const conditionPath = `Zone/${zone}/EStopAlarm`;
    const raised = nextEvent(client.state, "alarm", (a) => a.id === id && a.active);
    expect(sim.engine.eStopZone(zone).accepted).toBe(true);
    const alarm = await raised;
    expect(alarm).toMatchObject({ id, deviceId: zone, severity: 1000, active: true, message: expect.stringMatching(/Emergency stop in zone INB/) });
    expect(client.state.condition(id)).toMatchObject({ conditionId: nodeId(conditionPath), active: true, acked: false });
    expect(await ackedState(conditionPath)).toBe(false);

    expect(await client.commands.acknowledgeAlarm(id, "seen")).toEqual({ accepted: true, reason: "" });
    expect(await ackedState(conditionPath)).toBe(true);
    // The acknowledgement is an event too: the bridge's condition shows it, and it is no new alarm.
    await waitFor(() => client.state.condition(id)?.acked === true);
    // A second acknowledgement (another client's, say) is not an error.
    expect(await client.commands.acknowledgeAlarm(id, "again")).toEqual({ accepted: true, reason: "" });
    // Cleared: an alarm event with active false, once.
    const cleared = nextEvent(client.state, "alarm", (a) => a.id === id && !a.active);
    expect(sim.engine.resetZone(zone).accepted).toBe(true);
    expect(await cleared).toMatchObject({ id, active: false, severity: 1, raisedAt: alarm.raisedAt, message: expect.stringMatching(/^Cleared: /) });
  });

  it("a bridge that connects after an alarm was raised learns its condition by ConditionRefresh, without raising it again, and can acknowledge it", async () => {
    const zone = zoneId("OUT"); // e-stopped by the Zone round trip above, never reset
    const id = alarmId(zoneDevice.alarms![0]!, zone);
    expect(sim.engine.state.alarms.map((a) => a.id)).toContain(id);
    const late = await FloorClient.connect(sim.endpointUrl, insecure(pki.path));
    try {
      const raised: string[] = [];
      late.state.on("alarm", (a) => raised.push(a.id));
      await waitFor(() => late.state.condition(id));
      expect(late.state.condition(id)).toMatchObject({ conditionId: nodeId(`Zone/${zone}/EStopAlarm`), active: true, acked: false });
      expect(await late.commands.acknowledgeAlarm(id, "late")).toEqual({ accepted: true, reason: "" });
      expect(await ackedState(`Zone/${zone}/EStopAlarm`)).toBe(true);
      await waitFor(() => late.state.condition(id)?.acked);
      expect(raised).toEqual([]);
    } finally {
      await late.close();
    }
  });

  it("an alarm the floor does not have is refused, not sent", async () => {
    expect(await client.commands.acknowledgeAlarm("JAM/NO-SUCH", "x")).toEqual({ accepted: false, reason: "no alarm condition JAM/NO-SUCH on the floor" });
  });
});
