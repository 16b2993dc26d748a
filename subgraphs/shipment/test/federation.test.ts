import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QueryCounter } from "@floorgraph/db";
import type { PrismaClient } from "@floorgraph/prisma/shipment";
import { errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import { shipmentService } from "../src/server.ts";
import { data, newestFirst } from "./fixtures.ts";

const counter = new QueryCounter();
let subgraph: TestSubgraph<PrismaClient>;
beforeAll(async () => {
  subgraph = await startTestSubgraph(shipmentService, { seed: true, counter });
});
afterAll(() => subgraph?.stop());

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Order { id shipments { trackingNumber status carrier { name } packages { id } trackingEvents { status } } }
  ... on Shipment { id trackingNumber serviceLevel { code } dockDoor { code } load { carrier { code } } }
  ... on Carrier { code serviceLevels { code } }
  ... on DockDoor { code warehouseId }
  ... on Load { status carrier { code } shipments { id } }
} }`;

const orderReps = (n: number) => data.shipments.slice(0, n).map((s) => ({ __typename: "Order", id: s.orderId }));

/** Runs one operation and returns the number of SQL statements it cost. */
async function statementsFor(reps: unknown[], token: string) {
  counter.reset();
  const res = await signedGql(subgraph.url, ENTITIES, { reps }, token);
  expect(res.errors).toBeUndefined();
  return { count: counter.count, entities: res.data?._entities as Record<string, any>[] };
}

describe("federation", () => {
  it("resolves every entity type by reference, in the order asked, with null for unknown ids", async () => {
    const shipment = data.shipments.find((s) => s.loadId)!;
    const carrier = data.carriers[2]!;
    const door = data.dockDoors[3]!;
    const load = data.loads[0]!;
    const res = await signedGql(
      subgraph.url,
      ENTITIES,
      {
        reps: [
          { __typename: "Shipment", id: shipment.id },
          { __typename: "Carrier", id: carrier.id },
          { __typename: "DockDoor", id: door.id },
          { __typename: "Load", id: load.id },
          { __typename: "Shipment", id: "00000000-0000-4000-8000-000000000000" },
          { __typename: "Carrier", id: "not-a-uuid" },
        ],
      },
      await tokenFor("OPERATOR"),
    );
    expect(res.errors).toBeUndefined();
    const [s, c, d, l, missing, malformed] = res.data?._entities;
    expect(s).toMatchObject({ id: shipment.id, trackingNumber: shipment.trackingNumber, dockDoor: { code: "D01" } });
    expect(c).toEqual({ code: carrier.code, serviceLevels: carrier.serviceLevels.map((x) => ({ code: x.code })).sort((a, b) => a.code.localeCompare(b.code)) });
    expect(d).toEqual({ code: door.code, warehouseId: door.warehouseId });
    expect(l.status).toBe("OPEN");
    expect(l.shipments.length).toBe(data.shipments.filter((x) => x.loadId === load.id).length);
    expect(missing).toBeNull();
    expect(malformed).toBeNull();
  });

  it("gives every order its shipments, newest first, and an empty list to an order without any", async () => {
    const orderWithout = data.orders.find((o) => !data.shipments.some((s) => s.orderId === o.id))!;
    const reps = [...orderReps(3), { __typename: "Order", id: orderWithout.id }];
    const { entities } = await statementsFor(reps, await tokenFor("VIEWER"));
    entities.slice(0, 3).forEach((order, i) => {
      const expected = data.shipments.filter((s) => s.orderId === order.id).sort(newestFirst);
      expect(order.shipments.map((s: { trackingNumber: string }) => s.trackingNumber)).toEqual(expected.map((s) => s.trackingNumber));
      expect(order.shipments[0].packages).toHaveLength(expected[0]!.packages.length);
      expect(order.shipments[0].trackingEvents.map((e: { status: string }) => e.status)).toEqual(expected[0]!.events.map((e) => e.status));
      expect(order.id).toBe(reps[i]!.id);
    });
    expect(entities[3]).toEqual({ id: orderWithout.id, shipments: [] });
  });

  it("batches Order.shipments: 5 and 50 orders cost the same number of SQL statements", async () => {
    const token = await tokenFor("ADMIN");
    const few = await statementsFor(orderReps(5), token);
    const many = await statementsFor(orderReps(50), token);
    expect(many.entities).toHaveLength(50);
    expect(many.entities.every((o) => o.shipments.length === 1 && o.shipments[0].packages.length > 0)).toBe(true);
    // shipments by order, carriers, packages, tracking events: one statement each.
    expect(few.count).toBe(4);
    expect(many.count).toBe(few.count);
  });

  it("batches the shipments list with every relation", async () => {
    const token = await tokenFor("ADMIN");
    const query = `query($first: Int) { shipments(first: $first) { trackingUrl carrier { name serviceLevels { code } } serviceLevel { code }
      packages { id } trackingEvents { status } dockDoor { code } load { carrier { code } shipments { id } } order { id } } }`;
    const cost = async (first: number) => {
      counter.reset();
      const res = await signedGql(subgraph.url, query, { first }, token);
      expect(res.data?.shipments).toHaveLength(first);
      return counter.count;
    };
    const few = await cost(5);
    const many = await cost(150);
    expect(many).toBe(few);
  });

  it("requires a token to resolve references", async () => {
    const res = await signedGql(subgraph.url, ENTITIES, { reps: orderReps(1) });
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
  });

  it("requires a token even for a bare Order reference", async () => {
    const res = await signedGql(subgraph.url, `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Order { id } } }`, { reps: orderReps(1) });
    expect(errorCodes(res)).toEqual(["UNAUTHENTICATED"]);
  });
});
