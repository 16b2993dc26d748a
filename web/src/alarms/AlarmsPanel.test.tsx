import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { alarm, byId } from "../test/fixtures.ts";
import { mutationClient } from "../test/urql.tsx";
import { AlarmsPanel } from "./AlarmsPanel.tsx";

const alarms = () => byId([alarm("ESTOP/z", { severity: "CRITICAL", severityLevel: 1000, message: "Emergency stop" }), alarm("JAM/CV-INB-04")]);

describe("AlarmsPanel", () => {
  it("lists active alarms by severity; a viewer cannot acknowledge", () => {
    const { wrapper } = mutationClient(() => ({}));
    render(<AlarmsPanel alarms={alarms()} canAcknowledge={false} onAcknowledged={() => undefined} />, { wrapper });
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(["CRITICAL 1", "MAJOR 1"]);
    expect(screen.queryByRole("button", { name: "Acknowledge" })).toBeNull();
  });

  it("acknowledges an alarm and hands back the acknowledged alarm", async () => {
    const acknowledged = alarm("JAM/CV-INB-04", { acknowledgedAt: "2026-01-01T10:05:00Z", acknowledgedBy: { id: "u", email: "operator@floorgraph.dev" } });
    const { calls, wrapper } = mutationClient(() => ({ data: { acknowledgeAlarm: acknowledged } }));
    const seen: unknown[] = [];
    render(<AlarmsPanel alarms={alarms()} canAcknowledge onAcknowledged={(a) => seen.push(a)} />, { wrapper });
    await userEvent.click(screen.getAllByRole("button", { name: "Acknowledge" })[1]!);
    expect(calls[0]).toMatchObject({ name: "AcknowledgeAlarm", variables: { id: "JAM/CV-INB-04" } });
    expect(seen).toEqual([acknowledged]);
    expect((await screen.findByTestId("command-result")).textContent).toContain("JAM/CV-INB-04 acknowledged");
  });
});
