import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CombinedError } from "urql";
import { describe, expect, it } from "vitest";
import { DevicePanel } from "../floor/DevicePanel.tsx";
import { FLOOR_LAYOUT } from "../floor/layout.ts";
import { conveyor, robot, sorter } from "../test/fixtures.ts";
import { mutationClient } from "../test/urql.tsx";
import { CommandResult } from "./CommandResult.tsx";
import { useCommands } from "./useCommands.ts";
import { ZoneControls } from "./ZoneControls.tsx";

/** The floor page's wiring: one command runner, its last outcome under the panel. */
function Panel({ device }: { device: Parameters<typeof DevicePanel>[0]["selected"] }) {
  const { run, outcome, pending } = useCommands();
  return (
    <>
      <DevicePanel selected={device} layout={FLOOR_LAYOUT} run={run} pending={pending} />
      <ZoneControls zones={FLOOR_LAYOUT.zones} run={run} pending={pending} />
      <CommandResult outcome={outcome} />
    </>
  );
}

describe("floor controls", () => {
  it("shows a VIEWER's panel without any command", () => {
    render(<DevicePanel selected={{ kind: "conveyor", device: conveyor("CV-INB-01") }} layout={FLOOR_LAYOUT} pending={false} />);
    expect(screen.getByText("Inbound conveyors")).toBeTruthy();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    render(<DevicePanel selected={{ kind: "sorter", device: sorter() }} layout={FLOOR_LAYOUT} pending={false} />);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("stops a conveyor with a fresh command id and says what the PLC reports", async () => {
    const { calls, wrapper } = mutationClient((_name, v) => ({ data: { stopConveyor: conveyor(String(v.id), { state: "STOPPED", speed: 0 }) } }));
    render(<Panel device={{ kind: "conveyor", device: conveyor("CV-INB-01") }} />, { wrapper });
    await userEvent.click(screen.getByRole("button", { name: "Stop" }));
    expect(calls).toEqual([{ name: "StopConveyor", variables: { id: "CV-INB-01", commandId: expect.stringMatching(/^web-[0-9a-f]{32}$/) } }]);
    expect((await screen.findByTestId("command-result")).textContent).toBe("✓ CV-INB-01 stop: now stopped at 0.0 m/s.");
  });

  it("shows an interlock's refusal as the gateway words it", async () => {
    const refusal = new CombinedError({ graphQLErrors: [{ message: "Zone INB is emergency-stopped: reset the zone first", extensions: { code: "CONFLICT" } }] });
    const { wrapper } = mutationClient(() => ({ error: refusal }));
    render(<Panel device={{ kind: "robot", device: robot("AMR-01") }} />, { wrapper });
    await userEvent.click(screen.getByRole("button", { name: "Dispatch" }));
    const result = await screen.findByTestId("command-result");
    expect(result.textContent).toBe("✗ Zone INB is emergency-stopped: reset the zone first");
    expect(result.className).toContain("refused");
  });

  it("asks before an emergency stop and runs it only when confirmed", async () => {
    const { calls, wrapper } = mutationClient(() => ({ data: { emergencyStop: [conveyor("CV-SRT-01", { state: "ESTOPPED" })] } }));
    render(<Panel device={null} />, { wrapper });
    const srt = FLOOR_LAYOUT.zones.find((z) => z.code === "SRT")!;
    const stopButtons = screen.getAllByRole("button", { name: "Emergency stop" });
    await userEvent.click(stopButtons[1]!);
    expect(screen.getByRole("alertdialog").textContent).toContain("Emergency stop zone SRT?");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(calls).toHaveLength(0);

    await userEvent.click(stopButtons[1]!);
    await userEvent.click(screen.getByRole("button", { name: "Stop the zone" }));
    expect(calls).toEqual([{ name: "EmergencyStop", variables: { zoneId: srt.id, commandId: expect.any(String) } }]);
    expect((await screen.findByTestId("command-result")).textContent).toContain("Zone SRT emergency-stopped");
  });
});
