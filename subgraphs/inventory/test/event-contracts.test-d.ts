/** Type-level tests (`tsc -p subgraphs/inventory`): inventory reads order.placed and warehouse.pick_confirmed through their producers' contracts. */
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { EventData } from "@floorgraph/events";
import { orderPlaced } from "@floorgraph/orders/events";
import type { Prisma } from "@floorgraph/prisma/inventory";
import { pickConfirmed } from "@floorgraph/warehouse/events";
import type { ReservationService } from "../src/services/reservations.ts";

declare const tx: Prisma.TransactionClient;
declare const reservations: ReservationService;

describe("inventory's view of other services' events", () => {
  it("accepts exactly what the producers' contracts promise", () => {
    expectTypeOf<EventData<typeof orderPlaced>>().toExtend<Parameters<ReservationService["reserveOrder"]>[1]>();
    expectTypeOf<EventData<typeof pickConfirmed>>().toExtend<Parameters<ReservationService["recordPick"]>[1]>();
  });

  it("fails the build when orders drops a field inventory reserves by", () => {
    const lines = orderPlaced.data.shape.lines.element.omit({ skuCode: true });
    const changed = orderPlaced.data.extend({ lines: z.array(lines) });
    // @ts-expect-error inventory reserves by skuCode
    void reservations.reserveOrder(tx, {} as z.infer<typeof changed>);
  });

  it("fails the build when the warehouse changes the type of a field inventory books", () => {
    const changed = pickConfirmed.data.extend({ picked: z.string() });
    // @ts-expect-error picked is a count of units
    void reservations.recordPick(tx, {} as z.infer<typeof changed>);
  });
});
