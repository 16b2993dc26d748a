import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { JWT_AUDIENCE, JWT_ISSUER, verifyToken } from "@floorgraph/auth";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { errorCodes, gql, TEST_JWT, tokenFor } from "@floorgraph/testing";
import { startTestStack, type TestStack } from "./harness.ts";

// The issue's contract, verbatim, through the gateway.
const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token user { id email role } }
}`;
const ORDERS = `query Orders {
  orders(first: 5) {
    id number status createdAt
    customer { email }
    lines { quantity sku { code name totalAvailable } }
    shipments { trackingNumber status carrier { name } }
  }
}`;
const SKU = `query Sku($code: String!) {
  sku(code: $code) {
    code name totalAvailable
    stock { quantity location { code zone { name } warehouse { code } } }
  }
}`;
const PLACE = `mutation Place($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id number status lines { quantity sku { code } } }
}`;

let stack: TestStack;
let token: string;
let loggedIn: { id: string; email: string; role: string };
let loginAt: number;
beforeAll(async () => {
  stack = await startTestStack();
  loginAt = Date.now();
  const login = await gql(stack.url, LOGIN, { email: "admin@floorgraph.dev", password: DEMO_PASSWORD });
  token = login.data?.login.token;
  loggedIn = login.data?.login.user;
});

/** A JWT's part (header or claims) as JSON. */
const part = (jwt: string, index: 0 | 1) => JSON.parse(Buffer.from(jwt.split(".")[index] as string, "base64url").toString("utf8")) as Record<string, unknown>;
afterAll(() => stack?.stopAll());

const orderCount = () => (stack.subgraphs.orders.booted.prisma as unknown as { order: { count(): Promise<number> } }).order.count();

describe("contract through the gateway", () => {
  it("logs in a demo user with a signed HS256 token whose claims are that user, expiring after the configured lifetime", async () => {
    expect(loggedIn).toMatchObject({ email: "admin@floorgraph.dev", role: "ADMIN" });
    expect(token.split(".")).toHaveLength(3);
    expect(part(token, 0)).toEqual({ alg: "HS256", typ: "JWT" });
    const claims = part(token, 1);
    expect(claims).toMatchObject({ sub: loggedIn.id, email: "admin@floorgraph.dev", role: "ADMIN", iss: JWT_ISSUER, aud: JWT_AUDIENCE, knd: "user", sid: expect.any(String) });
    const issuedAt = (claims.iat as number) * 1000;
    expect(issuedAt).toBeGreaterThanOrEqual(loginAt - 1_000);
    expect(issuedAt).toBeLessThanOrEqual(Date.now());
    expect(claims.exp as number).toBeCloseTo((claims.iat as number) + TEST_JWT.ttlSeconds, -1);
    // The signature is the stack's secret's: verified with it, refused with another or with a changed claim.
    const identity = await verifyToken(token, { secret: TEST_JWT.secret });
    expect(identity).toMatchObject({ userId: loggedIn.id, role: "ADMIN", kind: "user" });
    expect(identity.expiresAt?.getTime()).toBe((claims.exp as number) * 1000);
    await expect(verifyToken(token, { secret: "not-the-stack-secret-0123456789abcdefgh" })).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    const [header, , signature] = token.split(".");
    const promoted = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: "ADMIN", sub: "someone-else" })).toString("base64url")}.${signature}`;
    await expect(verifyToken(promoted, { secret: TEST_JWT.secret })).rejects.toMatchObject({ extensions: { code: "UNAUTHENTICATED" } });
    // And the gateway takes it as that user.
    const me = await gql(stack.url, "{ me { id email role } }", {}, token);
    expect(me.data?.me).toEqual(loggedIn);
  });

  it("answers the Orders query with data from users, orders, inventory and shipment", async () => {
    const res = await gql(stack.url, ORDERS, {}, token);
    expect(res.errors).toBeUndefined();
    const orders = res.data?.orders;
    expect(orders).toHaveLength(5);
    for (const order of orders) {
      expect(order.number).toMatch(/^SO-\d{6}$/);
      expect(order.customer.email).toMatch(/@/);
      expect(order.lines.length).toBeGreaterThan(0);
      for (const line of order.lines) {
        expect(line.sku.code).toMatch(/^SKU-/);
        expect(line.sku.name.length).toBeGreaterThan(0);
        expect(typeof line.sku.totalAvailable).toBe("number");
      }
    }
    const older = await gql(stack.url, `{ orders(first: 100, status: DELIVERED) { shipments { trackingNumber status carrier { name } } } }`, {}, token);
    const shipments = older.data?.orders.flatMap((o: { shipments: unknown[] }) => o.shipments);
    expect(shipments.length).toBeGreaterThan(0);
    expect(shipments[0]).toMatchObject({ status: "DELIVERED", carrier: { name: expect.any(String) } });
  });

  it("answers the Sku query with stock located through the warehouse subgraph", async () => {
    const res = await gql(stack.url, SKU, { code: "SKU-00001" }, token);
    expect(res.errors).toBeUndefined();
    const sku = res.data?.sku;
    expect(sku.code).toBe("SKU-00001");
    expect(sku.stock.length).toBeGreaterThan(0);
    const sum = sku.stock.reduce((n: number, s: { quantity: number }) => n + s.quantity, 0);
    expect(sum).toBeGreaterThanOrEqual(sku.totalAvailable);
    expect(sku.stock[0].location).toMatchObject({ code: expect.stringMatching(/^[A-Z]-\d{2}-\d{2}-\d-[A-Z]$/), zone: { name: expect.any(String) }, warehouse: { code: expect.stringMatching(/^(AMS1|RTM1)$/) } });
  });

  it("places an order idempotently", async () => {
    const input = { idempotencyKey: "contract-1", lines: [{ skuCode: "SKU-00002", quantity: 3 }, { skuCode: "SKU-00010", quantity: 1 }] };
    const first = await gql(stack.url, PLACE, { input }, token);
    expect(first.errors).toBeUndefined();
    expect(first.data?.placeOrder).toMatchObject({ status: "CREATED", lines: [{ quantity: 3, sku: { code: "SKU-00002" } }, { quantity: 1, sku: { code: "SKU-00010" } }] });
    const before = await orderCount();
    const again = await gql(stack.url, PLACE, { input }, token);
    expect(again.data?.placeOrder.id).toBe(first.data?.placeOrder.id);
    expect(await orderCount()).toBe(before);
    const changed = await gql(stack.url, PLACE, { input: { ...input, lines: [{ skuCode: "SKU-00002", quantity: 4 }] } }, token);
    expect(errorCodes(changed)).toEqual(["CONFLICT"]);
  });
});

describe("the floor through the gateway (WCS bridge over OPC UA)", () => {
  it("answers the Floor query with live devices and zones from the warehouse subgraph", async () => {
    const res = await gql(
      stack.url,
      `query Floor {
        conveyors { id name state speed stale zone { name } }
        sorters { id state chutes { id destination full enabled } }
        robots { id state battery position { x y } }
        alarms(activeOnly: true) { id severity message device raisedAt }
      }`,
      {},
      await tokenFor("OPERATOR"),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.conveyors).toHaveLength(12);
    expect(new Set(res.data?.conveyors.map((c: { zone: { name: string } }) => c.zone.name))).toEqual(new Set(["Inbound conveyors", "Sorter", "Outbound conveyors"]));
    expect(res.data?.conveyors.every((c: { stale: boolean }) => c.stale === false)).toBe(true);
    expect(res.data?.sorters[0].chutes).toHaveLength(24);
    expect(res.data?.robots).toHaveLength(8);
  });

  it("stops a conveyor through the gateway, and the simulated PLC stops it", async () => {
    const operator = await tokenFor("OPERATOR");
    const res = await gql(stack.url, `mutation Stop($id: ID!, $cmd: ID!) { stopConveyor(id: $id, commandId: $cmd) { id state } }`, { id: "CV-INB-01", cmd: "contract-stop-1" }, operator);
    expect(res.errors).toBeUndefined();
    expect(res.data?.stopConveyor).toEqual({ id: "CV-INB-01", state: "STOPPED" });
    expect(stack.simulator?.engine.state.conveyors.find((c) => c.id === "CV-INB-01")?.running).toBe(false);
    const viewer = await gql(stack.url, `mutation { startConveyor(id: "CV-INB-01", commandId: "contract-start-viewer") { id } }`, {}, await tokenFor("VIEWER"));
    expect(errorCodes(viewer)).toEqual(["FORBIDDEN"]);
  });
});

describe("floor commands through the gateway: the rest of the contract, interlocks and idempotency", () => {
  const START = `mutation Start($id: ID!, $cmd: ID!) { startConveyor(id: $id, commandId: $cmd) { id state } }`;
  const ESTOP = `mutation EStop($zone: ID!, $cmd: ID!) { emergencyStop(zoneId: $zone, commandId: $cmd) { id state } }`;
  const DISPATCH = `mutation Dispatch($robot: ID!, $loc: ID!, $cmd: ID!) {
  dispatchRobot(robotId: $robot, locationId: $loc, commandId: $cmd) { id state }
}`;
  const engine = () => stack.simulator!.engine;
  const zoneOf = (code: string) => engine().state.zones.find((z) => z.code === code)!.id;

  it("emergency-stops a zone (answering its conveyors), refuses to start anything in it with CONFLICT, and starts again after a reset", async () => {
    const operator = await tokenFor("OPERATOR");
    const out = zoneOf("OUT");
    const stopped = await gql(stack.url, ESTOP, { zone: out, cmd: "contract-estop-out" }, operator);
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data?.emergencyStop).toEqual(["CV-OUT-01", "CV-OUT-02", "CV-OUT-03", "CV-OUT-04"].map((id) => ({ id, state: "ESTOPPED" })));
    expect(engine().state.zones.find((z) => z.id === out)?.eStopped).toBe(true);

    const refused = await gql(stack.url, START, { id: "CV-OUT-02", cmd: "contract-start-in-estop" }, operator);
    expect(errorCodes(refused)).toEqual(["CONFLICT"]);
    expect(refused.errors?.[0]?.message).toMatch(/^Cannot start conveyor CV-OUT-02: zone Outbound conveyors \(OUT\) is emergency-stopped; reset the zone first$/);
    expect(engine().state.conveyors.find((c) => c.id === "CV-OUT-02")?.running).toBe(false);

    const reset = await gql(stack.url, `mutation { resetZone(zoneId: "${out}", commandId: "contract-reset-out") { id state } }`, {}, await tokenFor("SUPERVISOR"));
    expect(reset.errors).toBeUndefined();
    const started = await gql(stack.url, START, { id: "CV-OUT-02", cmd: "contract-start-after-reset" }, operator);
    expect(started.errors).toBeUndefined();
    expect(started.data?.startConveyor).toEqual({ id: "CV-OUT-02", state: "RUNNING" });
    expect(engine().state.conveyors.find((c) => c.id === "CV-OUT-02")?.running).toBe(true);
  });

  it("dispatches a robot once for a repeated commandId, and refuses PICKER and VIEWER", async () => {
    const robots = await gql(stack.url, `{ robots { id state battery batteryThreshold errors { errorType } } }`, {}, await tokenFor("VIEWER"));
    const ready = (robots.data?.robots as { id: string; state: string; battery: number; batteryThreshold: number; errors: unknown[] }[]).find(
      (r) => r.state === "IDLE" && r.battery > r.batteryThreshold + 10 && r.errors.length === 0,
    );
    expect(ready, "an idle robot with battery to spare").toBeDefined();
    const location = engine().floor.waypoints[2]!.locationId;
    const assign = vi.spyOn(engine(), "assignTask");
    const operator = await tokenFor("OPERATOR");
    const first = await gql(stack.url, DISPATCH, { robot: ready!.id, loc: location, cmd: "contract-dispatch-1" }, operator);
    expect(first.errors).toBeUndefined();
    expect(first.data?.dispatchRobot).toEqual({ id: ready!.id, state: "DRIVING" });
    const again = await gql(stack.url, DISPATCH, { robot: ready!.id, loc: location, cmd: "contract-dispatch-1" }, operator);
    expect(again.data).toEqual(first.data);
    expect(assign).toHaveBeenCalledTimes(1);

    for (const role of ["PICKER", "VIEWER"] as const) {
      const res = await gql(stack.url, DISPATCH, { robot: ready!.id, loc: location, cmd: `contract-dispatch-${role}` }, await tokenFor(role));
      expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
      expect(res.errors?.[0]?.message).toMatch(/command the floor|Not authorized for Mutation\.dispatchRobot/);
    }
    expect(assign).toHaveBeenCalledTimes(1);
    assign.mockRestore();
    const audit = await (stack.subgraphs.wcs.booted.prisma as unknown as { auditEntry: { count(a: object): Promise<number> } }).auditEntry.count({
      where: { action: "floor.dispatchRobot.accepted" },
    });
    expect(audit).toBe(1);
  });
});

describe("bad input through the gateway", () => {
  const cases: [string, unknown][] = [
    ["unknown SKU", { idempotencyKey: "bad-1", lines: [{ skuCode: "NOPE-404", quantity: 1 }] }],
    ["zero quantity", { idempotencyKey: "bad-2", lines: [{ skuCode: "SKU-00002", quantity: 0 }] }],
    ["negative quantity", { idempotencyKey: "bad-3", lines: [{ skuCode: "SKU-00002", quantity: -5 }] }],
    ["empty lines", { idempotencyKey: "bad-4", lines: [] }],
  ];
  for (const [name, input] of cases) {
    it(`refuses ${name} with BAD_USER_INPUT and writes nothing`, async () => {
      const before = await orderCount();
      const res = await gql(stack.url, PLACE, { input }, token);
      expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
      expect(JSON.stringify(res.errors)).not.toMatch(/stack|prisma|select |insert |at .*\.ts/i);
      expect(await orderCount()).toBe(before);
    });
  }

  it("refuses a malformed id", async () => {
    const res = await gql(stack.url, `{ order(id: "not-an-id") { id } }`, {}, token);
    expect(errorCodes(res)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses a missing token for the Orders query with UNAUTHENTICATED", async () => {
    const res = await gql(stack.url, ORDERS);
    expect(errorCodes(res)[0]).toBe("UNAUTHENTICATED");
    expect(res.data?.orders ?? null).toBeNull();
  });

  it("refuses expired and tampered tokens at the gateway", async () => {
    const expired = await gql(stack.url, ORDERS, {}, await tokenFor("ADMIN", {}, -5));
    expect(expired.status).toBe(401);
    expect(errorCodes(expired)).toEqual(["UNAUTHENTICATED"]);
    const tampered = await gql(stack.url, ORDERS, {}, `${token.slice(0, -3)}abc`);
    expect(tampered.status).toBe(401);
    expect(errorCodes(tampered)).toEqual(["UNAUTHENTICATED"]);
  });

  it("refuses a wrong password and a duplicate email", async () => {
    const wrong = await gql(stack.url, LOGIN, { email: "admin@floorgraph.dev", password: "wrong-password" });
    expect(errorCodes(wrong)).toEqual(["UNAUTHENTICATED"]);
    const dup = await gql(stack.url, `mutation { createUser(input: { email: "viewer@floorgraph.dev", name: "V", role: VIEWER, password: "long enough pw" }) { id } }`, {}, token);
    expect(errorCodes(dup)).toEqual(["CONFLICT"]);
  });
});

describe("roles and partners through the gateway", () => {
  it("shows a partner only its own organisation's orders", async () => {
    const partner = await tokenFor("PARTNER");
    const res = await gql(stack.url, `{ orders(first: 50) { id customer { email } } }`, {}, partner);
    expect(res.errors).toBeUndefined();
    expect(res.data?.orders.length).toBeGreaterThan(0);
    const emails = new Set(res.data?.orders.map((o: { customer: { email: string } }) => o.customer.email));
    for (const email of emails) expect(["partner@floorgraph.dev", "orders@acme.example"]).toContain(email);
  });

  it("forbids a VIEWER from placing orders", async () => {
    const res = await gql(stack.url, PLACE, { input: { idempotencyKey: "viewer-1", lines: [{ skuCode: "SKU-00002", quantity: 1 }] } }, await tokenFor("VIEWER"));
    expect(errorCodes(res)).toEqual(["FORBIDDEN"]);
  });
});

describe("gateway transport", () => {
  it("reuses keep-alive connections to subgraphs", async () => {
    const httpServer = (stack.subgraphs.users as unknown as { booted: { server: { httpServer: import("node:http").Server } } }).booted.server.httpServer;
    let connections = 0;
    const count = () => void connections++;
    httpServer.on("connection", count);
    for (let i = 0; i < 20; i++) await gql(stack.url, `{ me { email } }`, {}, token);
    httpServer.off("connection", count);
    expect(connections).toBeLessThanOrEqual(2);
  });

  it("answers /health", async () => {
    const res = await fetch(stack.url.replace(/\/graphql$/, "/health"));
    expect(res.status).toBe(200);
  });
});

// Last, as it stops a subgraph of this file's stack.
describe("a subgraph that is down", () => {
  it("is reported as UNAVAILABLE, while the other subgraphs keep answering", async () => {
    await stack.subgraphs.shipment.running.stop();
    const res = await gql(stack.url, `{ orders(first: 3, status: DELIVERED) { number shipments { trackingNumber } } }`, {}, token);
    expect(errorCodes(res)).toContain("UNAVAILABLE");
    expect(res.errors?.find((e) => e.extensions?.code === "UNAVAILABLE")?.message).toMatch(/shipment service is unavailable/);
    const others = await gql(stack.url, `{ orders(first: 3) { number customer { email } } }`, {}, token);
    expect(others.errors).toBeUndefined();
    expect(others.data?.orders).toHaveLength(3);
  });
});
