import { describe, expect, it } from "vitest";
import { pathTo } from "../src/services/fulfilment.ts";

describe("an order's status following fulfilment events", () => {
  it("walks every lifecycle step to a later status, so the history stays a valid path", () => {
    expect(pathTo("CREATED", "ALLOCATED")).toEqual(["ALLOCATED"]);
    expect(pathTo("CREATED", "PICKING")).toEqual(["ALLOCATED", "RELEASED", "PICKING"]);
    expect(pathTo("BACKORDERED", "RELEASED")).toEqual(["ALLOCATED", "RELEASED"]);
    expect(pathTo("PACKED", "DELIVERED")).toEqual(["SHIPPED", "DELIVERED"]);
  });

  it("changes nothing for a late event, a final order, or a cancellation", () => {
    expect(pathTo("PICKING", "ALLOCATED")).toBeNull();
    expect(pathTo("RELEASED", "RELEASED")).toBeNull();
    expect(pathTo("CANCELLED", "PACKED")).toBeNull();
    expect(pathTo("SHIPPED", "BACKORDERED")).toBeNull();
    expect(pathTo("CREATED", "CANCELLED")).toBeNull();
  });
});
