import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { OrderPickTaskFragment } from "../generated/graphql.ts";
import { PickTasks } from "./PickTasks.tsx";

const task = (overrides: Partial<OrderPickTaskFragment>): OrderPickTaskFragment => ({
  id: "t1",
  status: "RELEASED",
  quantity: 4,
  pickedQuantity: null,
  lot: null,
  toteId: null,
  pickedAt: null,
  orderLine: { id: "l1", lineNumber: 1 },
  sku: { id: "s1", code: "SKU-00001" },
  location: { id: "loc", code: "A-01-01-1-A" },
  wave: { id: "w", number: "W-000001", status: "RELEASED" },
  pickedBy: null,
  ...overrides,
});

describe("PickTasks", () => {
  it("lists an order's tasks with where, how many and who picked", () => {
    render(<PickTasks tasks={[task({}), task({ id: "t2", status: "PICKED", pickedQuantity: 3, toteId: "TOTE-9", pickedBy: { id: "u", email: "picker@floorgraph.dev" }, pickedAt: "2026-01-01T10:00:00Z" })]} />);
    const rows = screen.getAllByRole("row").slice(1).map((r) => r.textContent);
    expect(rows[0]).toContain("A-01-01-1-A");
    expect(rows[1]).toContain("TOTE-9");
    expect(rows[1]).toContain("picker@floorgraph.dev");
  });

  it("says when nothing is planned yet", () => {
    render(<PickTasks tasks={[]} />);
    expect(screen.getByTestId("pick-tasks").textContent).toContain("No pick tasks");
  });
});
