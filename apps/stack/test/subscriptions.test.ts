import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compose, readCommittedSupergraph, readConfig } from "@floorgraph/schema";
import { gql, sseSubscribe, tokenFor, wsClient, type TestSocket } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// The contract, verbatim, through the gateway.
const CONVEYORS = `subscription { conveyorChanged { id state speed zone { name warehouse { code } } } }`;
const ROBOTS = `subscription { robotChanged { id state battery position { x y } } }`;
const STATUS = `subscription ($zone: ID) { floorStatus(zoneId: $zone) { zoneId totesPerHour activeAlarms devicesByState { state count } } }`;
const ALARMS = `subscription { alarmRaised(minSeverity: WARNING) { id severity message device raisedAt } }`;

let stack: TestStack;
let operator: string;
const sockets: TestSocket[] = [];
const socket = async (role: "OPERATOR" | "SUPERVISOR" | "VIEWER" = "OPERATOR") => {
  const s = wsClient(stack.url, await tokenFor(role));
  sockets.push(s);
  return s;
};
const command = async (mutation: string) => {
  const res = await gql(stack.url, mutation, {}, operator);
  expect(res.errors).toBeUndefined();
  return res;
};
const stopConveyor = (id: string, c: string) => command(`mutation { stopConveyor(id: "${id}", commandId: "${c}") { state } }`);
const startConveyor = (id: string, c: string) => command(`mutation { startConveyor(id: "${id}", commandId: "${c}") { state } }`);
const zoneId = (code: string) => stack.simulator!.engine.state.zones.find((z) => z.code === code)!.id;
const changed = (id: string, state: string) => (e: { data?: any }) => e.data?.conveyorChanged?.id === id && e.data.conveyorChanged.state === state;

beforeAll(async () => {
  stack = await startTestStack();
  operator = await tokenFor("OPERATOR");
});
afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  await stack?.stopAll();
});

describe("federated subscriptions through the gateway", () => {
  it("delivers a commanded conveyor change enriched with the zone and warehouse from the warehouse subgraph", async () => {
    const s = (await socket()).subscribe(CONVEYORS);
    await new Promise((r) => setTimeout(r, 1000));
    await stopConveyor("CV-OUT-03", "gw-sub-stop-1");
    const event = await s.next(changed("CV-OUT-03", "STOPPED"));
    expect(event.errors).toBeUndefined();
    expect(event.data!.conveyorChanged).toEqual({ id: "CV-OUT-03", state: "STOPPED", speed: expect.any(Number), zone: { name: "Outbound conveyors", warehouse: { code: "AMS1" } } });
    await startConveyor("CV-OUT-03", "gw-sub-start-1");
    await s.next(changed("CV-OUT-03", "RUNNING"));
  });

  it("serves the other contract subscriptions: robots, floor status of a zone, alarms", async () => {
    const ws = await socket("SUPERVISOR");
    const robots = ws.subscribe(ROBOTS);
    const status = ws.subscribe(STATUS, { zone: zoneId("INB") });
    const alarms = ws.subscribe(ALARMS);
    const robot = await robots.next();
    expect(robot.data!.robotChanged).toEqual({ id: expect.stringMatching(/^AMR-/), state: expect.any(String), battery: expect.any(Number), position: { x: expect.any(Number), y: expect.any(Number) } });
    const first = await status.next();
    expect(first.data!.floorStatus).toMatchObject({ zoneId: zoneId("INB"), totesPerHour: expect.any(Number), activeAlarms: expect.any(Number) });
    expect(first.data!.floorStatus.devicesByState.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBeGreaterThan(0);

    await command(`mutation { emergencyStop(zoneId: "${zoneId("INB")}", commandId: "gw-sub-estop") { id } }`);
    const alarm = await alarms.next((e) => e.data?.alarmRaised.id === `ESTOP/${zoneId("INB")}`);
    expect(alarm.data!.alarmRaised).toEqual({ id: `ESTOP/${zoneId("INB")}`, severity: "CRITICAL", message: expect.stringMatching(/Emergency stop/), device: zoneId("INB"), raisedAt: expect.any(String) });
    const stopped = await status.next((e) => e.data?.floorStatus.devicesByState.some((d: { state: string }) => d.state === "ESTOPPED"));
    expect(stopped.data!.floorStatus.activeAlarms).toBeGreaterThanOrEqual(1);
    await command(`mutation { resetZone(zoneId: "${zoneId("INB")}", commandId: "gw-sub-reset") { id } }`);
  });

  it("shares one upstream subscription among clients of the same operation and scope", async () => {
    const query = `subscription { conveyorChanged(id: "CV-OUT-01") { id state zone { name } } }`;
    const before = stack.gateway.subscriptionStats();
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => socket("OPERATOR")));
    const streams = clients.map((c) => c.subscribe(query));
    const other = (await socket("SUPERVISOR")).subscribe(query);
    await new Promise((r) => setTimeout(r, 1000));
    const during = stack.gateway.subscriptionStats();
    // Five OPERATOR clients share one stream; the SUPERVISOR (another scope) has its own.
    expect(during.sharedStreams - before.sharedStreams).toBe(2);
    expect(during.upstreamSubscriptions - before.upstreamSubscriptions).toBe(2);
    expect(during.clients - before.clients).toBe(6);

    await stopConveyor("CV-OUT-01", "gw-share-stop");
    for (const s of [...streams, other]) expect((await s.next(changed("CV-OUT-01", "STOPPED"))).data!.conveyorChanged.zone).toEqual({ name: "Outbound conveyors" });
    for (const s of [...streams, other]) s.stop();
    await new Promise((r) => setTimeout(r, 1000));
    expect(stack.gateway.subscriptionStats().upstreamSubscriptions).toBe(before.upstreamSubscriptions);
    await startConveyor("CV-OUT-01", "gw-share-start");
  });

  it("keeps a shared stream going when the token it was opened with expires, on another member's token", async () => {
    const query = `subscription { conveyorChanged(id: "CV-SRT-03") { id state } }`;
    const shortLived = wsClient(stack.url, await tokenFor("OPERATOR", {}, 3));
    sockets.push(shortLived);
    shortLived.subscribe(query);
    await new Promise((r) => setTimeout(r, 1000));
    const lasting = (await socket("OPERATOR")).subscribe(query);
    // The first client's token expires: the gateway closes its socket, the subgraph closes the
    // upstream socket opened with that token, and the gateway comes back with the second one's.
    expect(await shortLived.closed).toMatchObject({ code: 4401 });
    await new Promise((r) => setTimeout(r, 1500));
    await stopConveyor("CV-SRT-03", "gw-expiry-stop");
    expect((await lasting.next(changed("CV-SRT-03", "STOPPED"), 10_000)).errors).toBeUndefined();
    await startConveyor("CV-SRT-03", "gw-expiry-start");
  });

  it("streams to an SSE client (graphql-sse) as well", async () => {
    const s = sseSubscribe(stack.url, `subscription { conveyorChanged(id: "CV-SRT-02") { id state zone { name } } }`, {}, operator);
    await new Promise((r) => setTimeout(r, 1000));
    await stopConveyor("CV-SRT-02", "gw-sse-stop");
    expect((await s.next(changed("CV-SRT-02", "STOPPED"))).data!.conveyorChanged).toEqual({ id: "CV-SRT-02", state: "STOPPED", zone: { name: "Sorter" } });
    s.stop();
    await startConveyor("CV-SRT-02", "gw-sse-start");
  });

  it("refuses an expired token (socket closed with 4401, SSE 401), an operation over the limits, an anonymous subscriber, and a subscription POSTed as a query", async () => {
    const expired = await tokenFor("OPERATOR", {}, -10);
    const ws = wsClient(stack.url, expired);
    expect(await ws.closed).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    await ws.dispose();
    const res = await fetch(stack.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${expired}` },
      body: JSON.stringify({ query: CONVEYORS }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: "UNAUTHENTICATED" } }] });
    const plain = await gql(stack.url, CONVEYORS, {}, operator);
    expect(plain.status).toBe(400);
    expect(plain.errors).toMatchObject([{ message: expect.stringMatching(/WebSocket .* Server-Sent Events/), extensions: { code: "BAD_REQUEST" } }]);
    // The operation limits of HTTP requests hold for subscriptions too.
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(" ");
    const tooWide = (await socket()).subscribe(`subscription { conveyorChanged { ${aliases} } }`);
    expect((await tooWide.next()).errors).toMatchObject([{ message: expect.stringMatching(/[Aa]liases/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    const tooLong = (await socket()).subscribe(`subscription { conveyorChanged { ${"id ".repeat(10_001)} } }`);
    expect((await tooLong.next()).errors).toMatchObject([{ message: expect.stringMatching(/contains more th[ae]t? 10000 tokens/), extensions: { code: "GRAPHQL_PARSE_FAILED" } }]);
    const anonymous = (await Promise.resolve(wsClient(stack.url))).subscribe(CONVEYORS);
    expect((await anonymous.next()).errors).toMatchObject([{ extensions: { code: "UNAUTHENTICATED" } }]);
  });

  it("carries an entity fetch failure as an error on that event and goes on when the subgraph is back", async () => {
    const s = (await socket()).subscribe(`subscription { conveyorChanged(id: "CV-OUT-02") { id state zone { name } } }`);
    await new Promise((r) => setTimeout(r, 1000));
    await stack.subgraphs.warehouse.running.stop();
    await stopConveyor("CV-OUT-02", "gw-fail-stop");
    const failed = await s.next((e) => Boolean(e.errors?.length));
    expect(failed.errors).toMatchObject([{ extensions: { code: "UNAVAILABLE" } }]);
    await stack.restartSubgraph("warehouse");
    await startConveyor("CV-OUT-02", "gw-fail-start");
    const back = await s.next(changed("CV-OUT-02", "RUNNING"));
    expect(back.errors).toBeUndefined();
    expect(back.data!.conveyorChanged.zone).toEqual({ name: "Outbound conveyors" });
  });

  it("re-subscribes by itself when the owning subgraph restarts: the client keeps its stream", async () => {
    const ws = await socket();
    const s = ws.subscribe(`subscription { conveyorChanged(id: "CV-INB-02") { id state } }`);
    await new Promise((r) => setTimeout(r, 1000));
    await stack.restartSubgraph("wcs");
    // The new bridge needs a moment to connect to the floor; commands fail UNAVAILABLE meanwhile.
    for (let i = 0; i < 50; i++) {
      const res = await gql(stack.url, `mutation { startConveyor(id: "CV-INB-02", commandId: "gw-restart-start-${i}") { state } }`, {}, operator);
      if (!res.errors) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1000));
    await stopConveyor("CV-INB-02", "gw-restart-stop");
    await s.next(changed("CV-INB-02", "STOPPED"), 15_000);
  });

  it("keeps subscriptions across a supergraph reload, and ends those whose field is gone with a clear error", async () => {
    const s = (await socket()).subscribe(`subscription { conveyorChanged(id: "CV-OUT-04") { id state zone { name } } }`);
    await new Promise((r) => setTimeout(r, 1000));
    const committed = readCommittedSupergraph();
    stack.gateway.reloadSupergraph(`${committed}\n# reloaded\n`);
    await stopConveyor("CV-OUT-04", "gw-reload-stop");
    expect((await s.next(changed("CV-OUT-04", "STOPPED"))).data!.conveyorChanged.zone).toEqual({ name: "Outbound conveyors" });

    const config = readConfig();
    const { wcs: _gone, ...withoutWcs } = config.subgraphs;
    const smaller = compose({ ...config, subgraphs: withoutWcs });
    expect(smaller.errors).toEqual([]);
    stack.gateway.reloadSupergraph(smaller.supergraphSdl as string);
    const last = await s.next((e) => Boolean(e.errors?.length));
    expect(last.errors).toMatchObject([{ message: expect.stringMatching(/supergraph changed/), extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }]);
    expect(await s.ended).toEqual({});
    stack.gateway.reloadSupergraph(committed);
    await startConveyor("CV-OUT-04", "gw-reload-start");
  });
});
