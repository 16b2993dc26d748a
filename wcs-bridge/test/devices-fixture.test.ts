import { AttributeIds, BrowseDirection, NodeClass } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { DEVICE_KINDS, type Freshness, defineDevice, devicePath } from "../src/devices/index.ts";
import { SIMULATED_KINDS } from "../src/simulator/address-space/bindings.ts";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { insecure } from "./bridge-support.ts";
import { type Connection, connect, floor, nodeId, tempDir, waitFor } from "./support.ts";

/**
 * A device kind defined here only (a stack light per zone): its descriptor and a simulation of it
 * are all it takes for the simulator to build its ObjectType and instances, and for the bridge to
 * watch and parse it, with no other file of wcs-bridge edited.
 */
interface BeaconRecord extends Freshness {
  id: string;
  zoneId: string;
  lit: boolean;
  colour: string | null;
  flashes: number;
}
const COLOURS = ["RED", "AMBER", "GREEN"] as const;
const beaconDevice = defineDevice<BeaconRecord>({
  kind: "Beacon",
  folder: "Beacons",
  description: "A zone's stack light (test fixture)",
  variables: [
    { browseName: "Lit", dataType: "Boolean", field: "lit", description: "on" },
    { browseName: "Colour", dataType: "String", field: "colour", description: "RED, AMBER, GREEN or \"\"", decode: (v: string) => ((COLOURS as readonly string[]).includes(v) ? v : v === "" ? null : undefined) },
    { browseName: "Flashes", dataType: "UInt32", field: "flashes", description: "times it flashed" },
    { browseName: "ZoneId", dataType: "String", field: "zoneId", description: "its zone" },
  ],
  methods: [{ name: "Flash", description: "light it in a colour", args: [{ name: "colour", dataType: "String", description: "RED, AMBER or GREEN" }] }],
  alarms: [{ name: "LampAlarm", idPrefix: "LAMP", input: "Lit", severity: 200, description: "lamp failure" }],
  store: { event: "beacon" },
  initialRecords: (layout) => layout.zones.map((z) => ({ id: `BCN-${z.code}`, zoneId: z.id, lit: false, colour: null, flashes: 0, stale: true, lastSeenAt: null })),
});
const beacons = floor.zones.map((z) => ({ id: `BCN-${z.code}`, zoneId: z.id, lit: false, colour: "", flashes: 0 }));

const pki = tempDir("floor-fixture-kind-");
let sim: FloorSimulator;
let client: FloorClient;
let conn: Connection;

beforeAll(async () => {
  sim = await startFloorSimulator({
    port: 0,
    pkiDir: pki.path,
    kinds: [
      ...SIMULATED_KINDS,
      {
        device: beaconDevice,
        bind: () =>
          beacons.map((b) => ({
            id: b.id,
            displayName: b.id,
            description: `Beacon ${b.id}`,
            values: { Lit: () => b.lit, Colour: () => b.colour, Flashes: () => b.flashes, ZoneId: () => b.zoneId },
            methods: {
              Flash: ([colour]) => {
                if (!(COLOURS as readonly string[]).includes(String(colour))) return { accepted: false, reason: `unknown colour ${String(colour)}` };
                Object.assign(b, { lit: true, colour: String(colour), flashes: b.flashes + 1 });
                return { accepted: true, reason: "" };
              },
            },
          })),
      },
    ],
  });
  client = await FloorClient.connect(sim.endpointUrl, insecure(pki.path, { deviceKinds: [...DEVICE_KINDS, beaconDevice] }));
  conn = await connect(sim.endpointUrl, pki.path);
});
afterAll(async () => {
  await client?.close();
  await conn?.close();
  await sim?.stop();
  pki.remove();
});

describe("a fixture device kind", () => {
  it("gets its ObjectType with the descriptor's components, and typed instances", async () => {
    const browse = async (node: string, referenceTypeId: string) =>
      (await conn.session.browse({ nodeId: node, referenceTypeId, browseDirection: BrowseDirection.Forward, includeSubtypes: true, resultMask: 63 })).references ?? [];
    const components = await browse(nodeId("BeaconType"), "HasComponent");
    expect(components.filter((c) => c.nodeClass === NodeClass.Variable).map((c) => c.browseName.name).sort()).toEqual(["Colour", "Flashes", "Lit", "ZoneId"]);
    expect(components.filter((c) => c.nodeClass === NodeClass.Method).map((c) => c.browseName.name)).toEqual(["Flash"]);
    expect((await browse(nodeId("Floor/Beacons"), "Organizes")).map((r) => r.browseName.name).sort()).toEqual(beacons.map((b) => b.id).sort());
    for (const b of beacons) {
      expect((await browse(nodeId(devicePath("Beacon", b.id)), "HasTypeDefinition")).map((r) => r.nodeId.toString())).toEqual([nodeId("BeaconType")]);
      const lamp = await conn.session.read({ nodeId: nodeId(`Beacon/${b.id}/LampAlarm`), attributeId: AttributeIds.BrowseName });
      expect(lamp.value.value.name).toBe("LampAlarm");
    }
  });

  it("is watched and parsed by the bridge, and its method is called by descriptor", async () => {
    expect(client.state.devices<BeaconRecord>("Beacon")).toEqual(
      beacons.map((b) => ({ id: b.id, zoneId: b.zoneId, lit: false, colour: null, flashes: 0, stale: false, lastSeenAt: expect.any(Date) })),
    );
    expect(await client.commands.call(beaconDevice, "BCN-OUT", "Flash", ["PURPLE"])).toEqual({ accepted: false, reason: "unknown colour PURPLE" });
    expect(await client.commands.call(beaconDevice, "BCN-OUT", "Flash", ["AMBER"])).toEqual({ accepted: true, reason: "" });
    // The simulator publishes after each tick; the bridge's record follows through the subscription.
    const record = await waitFor(() => {
      const r = client.state.device<BeaconRecord>("Beacon", "BCN-OUT");
      return r?.lit ? r : undefined;
    });
    expect(record).toMatchObject({ id: "BCN-OUT", lit: true, colour: "AMBER", flashes: 1, stale: false });
    expect(client.state.device<BeaconRecord>("Beacon", "BCN-INB")).toMatchObject({ lit: false, colour: null, flashes: 0 });
    // The built-in kinds are untouched by the extra one.
    expect(client.state.conveyors()).toHaveLength(floor.conveyors.length);
  });
});
