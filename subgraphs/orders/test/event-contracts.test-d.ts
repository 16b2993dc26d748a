/**
 * Type-level tests (checked by `tsc -p subgraphs/orders`, and by `vitest --typecheck`): what the
 * orders service reads of other services' events is typed by their producers' contracts, so a
 * payload change that breaks orders fails the type check instead of the order flow.
 */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { EventData } from "@floorgraph/events";
import { lineState, orderAllocated, type LineState } from "@floorgraph/inventory/events";
import type { Prisma } from "@floorgraph/prisma/orders";
import { shipmentStatusChanged } from "@floorgraph/shipment/events";
import { orderPlaced, type OrderPlacedData } from "../src/events/contract.ts";
import { createFulfilmentFollower, type LineAllocation } from "../src/services/fulfilment.ts";

declare const tx: Prisma.TransactionClient;
declare const follow: ReturnType<typeof createFulfilmentFollower>;

describe("orders' view of inventory's events", () => {
  it("is inventory's contract type, not a copy", () => {
    expectTypeOf<LineAllocation>().toEqualTypeOf<Pick<LineState, "lineId" | "reserved" | "backordered">>();
    expectTypeOf<EventData<typeof orderAllocated>["lines"]>().toExtend<LineAllocation[]>();
  });

  it("refuses a payload that lost a field orders reads (a breaking producer change)", () => {
    // inventory.order_allocated's lines as they would be if inventory dropped `reserved`:
    const changed = lineState.omit({ reserved: true });
    const lines = [] as z.infer<typeof changed>[];
    // @ts-expect-error orders' status follows `reserved`: dropping it from the contract breaks orders' build
    void follow.setAllocations(tx, "order", lines);
    // A renamed field breaks it too.
    const renamed = lineState.omit({ backordered: true }).extend({ onBackorder: z.number() });
    // @ts-expect-error `backordered` renamed to `onBackorder`
    void follow.setAllocations(tx, "order", [] as z.infer<typeof renamed>[]);
    // A field orders does not read can be added without breaking it.
    void follow.setAllocations(tx, "order", [] as z.infer<ReturnType<typeof lineState.extend<{ bin: z.ZodString }>>>[]);
  });
});

describe("orders' own contract", () => {
  it("types what a producer may write: create() takes the schema's input", () => {
    expectTypeOf(orderPlaced.create).parameter(1).toEqualTypeOf<OrderPlacedData>();
    // @ts-expect-error a line without its quantity is not an order.placed
    orderPlaced.create("o", { orderId: "o", number: "SO-1", priority: "NORMAL", partnerId: null, customerId: "c", lines: [{ lineId: "l", lineNumber: 1, skuCode: "S" }] });
  });

  it("narrows shipment statuses to the shipment service's enum", () => {
    expectTypeOf<EventData<typeof shipmentStatusChanged>["to"]>().toEqualTypeOf<"CREATED" | "LABELLED" | "LOADED" | "SHIPPED" | "IN_TRANSIT" | "OUT_FOR_DELIVERY" | "DELIVERED" | "EXCEPTION" | "CANCELLED">();
  });
});
