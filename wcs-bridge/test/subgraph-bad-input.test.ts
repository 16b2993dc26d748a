import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { refusals, TEST_SIGNING_SECRET, tokenFor } from "@floorgraph/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { floor } from "./support.ts";
import { startWcsHarness, type WcsHarness } from "./subgraph-support.ts";

// Issue 11: strings no column can hold (the command log stores ids and arguments), non-finite
// numbers and over-long text are BAD_USER_INPUT naming the argument; the NUL ones write nothing.
let h: WcsHarness;
beforeAll(async () => {
  h = await startWcsHarness("wcs-bad-input-", { autoStart: true, arrivalsPerMinute: 0 });
});
afterAll(async () => {
  await h?.stop();
});

const NUL = "\u0000";
const START = `mutation($id: ID!, $commandId: ID!) { startConveyor(id: $id, commandId: $commandId) { id } }`;
const SPEED = `mutation($id: ID!, $speed: Float!, $commandId: ID!) { setConveyorSpeed(id: $id, speed: $speed, commandId: $commandId) { id } }`;
const ROUTE = `mutation($sorterId: ID!, $toteId: String!, $destinationId: ID!, $commandId: ID!) { routeTote(sorterId: $sorterId, toteId: $toteId, destinationId: $destinationId, commandId: $commandId) { id } }`;
const ACK = `mutation($id: ID!, $commandId: ID!) { acknowledgeAlarm(id: $id, commandId: $commandId) { id } }`;
const DISPATCH = `mutation($robotId: ID!, $locationId: ID!, $commandId: ID!) { dispatchRobot(robotId: $robotId, locationId: $locationId, commandId: $commandId) { id } }`;

const counts = async () => {
  const p = h.subgraph.prisma;
  return { commands: await p.command.count(), acks: await p.alarmAcknowledgement.count(), audits: await p.auditEntry.count(), outbox: await p.outboxEvent.count() };
};
const sorter = floor.sorters[0]!;
const conveyorId = "CV-INB-01";
let n = 0;
const commandId = () => `bad-input-${++n}`;

async function expectRefused(query: string, variables: Record<string, unknown>, field: string) {
  const before = await counts();
  const res = await h.as("SUPERVISOR", query, variables);
  expect(refusals(res), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
  expect(await counts()).toEqual(before);
}

describe("wcs subgraph: bad input", () => {
  it("refuses a NUL byte in command ids, tote ids and targets, naming the argument, and logs no command", async () => {
    await expectRefused(START, { id: conveyorId, commandId: `cmd${NUL}1` }, "commandId");
    await expectRefused(START, { id: `${conveyorId}${NUL}`, commandId: commandId() }, "id");
    await expectRefused(ROUTE, { sorterId: sorter.id, toteId: `TOTE${NUL}1`, destinationId: sorter.chutes[0]!.destination, commandId: commandId() }, "toteId");
    await expectRefused(ACK, { id: `ALM${NUL}`, commandId: commandId() }, "id");
    await expectRefused(DISPATCH, { robotId: "AMR-01", locationId: `LOC${NUL}`, commandId: commandId() }, "locationId");
  });

  it("refuses a non-finite speed (1e400 in JSON is Infinity) and an Int where a Float is out of reach, naming the argument", async () => {
    // JSON.stringify cannot write Infinity, so the body is written by hand as a client could.
    const body = `{"query":${JSON.stringify(SPEED)},"variables":{"id":"${conveyorId}","speed":1e400,"commandId":"${commandId()}"}}`;
    const before = await counts();
    const response = await fetch(h.subgraph.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor("SUPERVISOR")}`, [SIGNATURE_HEADER]: signRequestBody(body, TEST_SIGNING_SECRET) }, body });
    const res = (await response.json()) as { errors?: { extensions?: { code?: string; field?: string } }[] };
    expect(res.errors?.map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }))).toEqual([{ code: "BAD_USER_INPUT", field: "speed" }]);
    expect(await counts()).toEqual(before);
    await expectRefused(SPEED, { id: conveyorId, speed: "fast", commandId: commandId() }, "speed");
  });

  it("refuses an over-long commandId and toteId", async () => {
    await expectRefused(START, { id: conveyorId, commandId: "c".repeat(129) }, "commandId");
    const res = await h.as("SUPERVISOR", ROUTE, { sorterId: sorter.id, toteId: "T".repeat(65), destinationId: sorter.chutes[0]!.destination, commandId: commandId() });
    // A refused floor command is logged as REFUSED (the command log records every decision); it answers BAD_USER_INPUT.
    expect(refusals(res)).toEqual([{ code: "BAD_USER_INPUT", field: "toteId" }]);
  });

  it("refuses a NUL byte in a subscription's arguments over graphql-ws too, naming the argument", async () => {
    const socket = await h.socket("OPERATOR");
    const scans = socket.subscribe(`subscription($scannerId: ID) { toteScanned(scannerId: $scannerId) { toteId } }`, { scannerId: `SC-INB${NUL}` });
    const { errors } = await scans.ended;
    expect((errors as { extensions?: Record<string, unknown> }[]).map((e) => e.extensions)).toEqual([{ code: "BAD_USER_INPUT", field: "scannerId" }]);
  });
});
