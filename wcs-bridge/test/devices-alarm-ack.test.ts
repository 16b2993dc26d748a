import { AttributeIds, makeBrowsePath } from "node-opcua";
import { demoIdentity, errorCodes } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connection, connect, nodeId, tempDir, waitFor, zoneId } from "./support.ts";
import { startWcsHarness, type WcsHarness } from "./subgraph-support.ts";

/** The GraphQL acknowledgeAlarm acknowledges the floor's AlarmConditionType (standard Acknowledge); the SDL is unchanged. */
const pki = tempDir("wcs-alarm-ack-");
let h: WcsHarness;
let conn: Connection;
beforeAll(async () => {
  h = await startWcsHarness("wcs-alarm-ack-");
  conn = await connect(h.sim.endpointUrl, pki.path);
});
afterAll(async () => {
  await conn?.close();
  await h?.stop();
  pki.remove();
});

const ACK = `mutation($id: ID!, $c: ID!) { acknowledgeAlarm(id: $id, commandId: $c) { id acknowledgedAt acknowledgedBy { id } } }`;
const twoState = async (conditionPath: string, state: "AckedState" | "ActiveState") => {
  const [target] = await conn.session.translateBrowsePath([makeBrowsePath(nodeId(conditionPath), `.${state}.Id`)]);
  const node = target?.targets?.[0]?.targetId;
  if (!node) throw new Error(`no ${state} under ${conditionPath}`);
  return (await conn.session.read({ nodeId: node, attributeId: AttributeIds.Value })).value.value as boolean;
};

describe("acknowledgeAlarm and the floor's alarm conditions", () => {
  it("sets AckedState on the server's condition, stores who acknowledged, and a repeat or a second command acts once", async () => {
    const zone = zoneId("SRT");
    const id = `ESTOP/${zone}`;
    const condition = `Zone/${zone}/EStopAlarm`;
    expect(h.sim.engine.eStopZone(zone).accepted).toBe(true);
    await waitFor(() => h.client.state.condition(id)?.active && h.client.state.activeAlarms().some((a) => a.id === id));
    expect([await twoState(condition, "ActiveState"), await twoState(condition, "AckedState")]).toEqual([true, false]);

    const ack = await h.as("OPERATOR", ACK, { id, c: "ack-cond-1" });
    expect(ack.errors).toBeUndefined();
    expect(ack.data!.acknowledgeAlarm).toMatchObject({ id, acknowledgedAt: expect.any(String), acknowledgedBy: { id: demoIdentity("OPERATOR").userId } });
    expect(await twoState(condition, "AckedState")).toBe(true);
    await waitFor(() => h.client.state.condition(id)?.acked);

    // Another command for the same alarm: the floor says it is acknowledged already, the API keeps the first who and when.
    const again = await h.as("SUPERVISOR", ACK, { id, c: "ack-cond-2" });
    expect(again.data!.acknowledgeAlarm.acknowledgedBy).toEqual({ id: demoIdentity("OPERATOR").userId });
    expect(await h.subgraph.prisma.alarmAcknowledgement.count({ where: { alarmId: id } })).toBe(1);
    // The acknowledgement events did not raise the alarm again.
    const alarms = await h.as("VIEWER", `{ alarms(activeOnly: true) { id } }`);
    expect(alarms.data!.alarms.filter((a: { id: string }) => a.id === id)).toHaveLength(1);
  });

  it("refuses an alarm that is not active with NOT_FOUND, and sends nothing", async () => {
    const before = await h.subgraph.prisma.alarmAcknowledgement.count();
    expect(errorCodes(await h.as("OPERATOR", ACK, { id: "JAM/CV-INB-01", c: "ack-none" }))).toEqual(["NOT_FOUND"]);
    expect(await h.subgraph.prisma.alarmAcknowledgement.count()).toBe(before);
    expect(await twoState("Conveyor/CV-INB-01/JamAlarm", "AckedState")).toBe(false);
  });
});
