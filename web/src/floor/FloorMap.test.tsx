import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { byId, conveyor, robot, sorter } from "../test/fixtures.ts";
import { CONVEYOR_COLORS, ROBOT_COLORS, STALE_COLOR } from "./colors.ts";
import { FloorMap } from "./FloorMap.tsx";
import { FLOOR_LAYOUT } from "./layout.ts";

const allRunning = () => byId(FLOOR_LAYOUT.conveyors.map((c) => conveyor(c.id)));
const robotsAtHome = () => byId(FLOOR_LAYOUT.robots.map((r) => robot(r.id, { position: { ...r.home, heading: 0 } })));

function renderMap(overrides: Partial<Parameters<typeof FloorMap>[0]> = {}) {
  return render(<FloorMap layout={FLOOR_LAYOUT} conveyors={allRunning()} sorters={byId([sorter()])} robots={robotsAtHome()} selected={null} onSelect={() => undefined} {...overrides} />);
}
const belt = (id: string) => screen.getByTestId(`conveyor-${id}`).querySelector("line") as SVGLineElement;

describe("FloorMap", () => {
  it("draws every conveyor, the sorter with every chute, and every robot of the floor layout, each where the layout puts it", () => {
    renderMap();
    expect(FLOOR_LAYOUT.conveyors).toHaveLength(12);
    expect(FLOOR_LAYOUT.robots).toHaveLength(8);
    // Exactly the layout's devices: nothing missing, nothing extra.
    const testIds = (prefix: string) => screen.getAllByTestId(new RegExp(`^${prefix}-`)).map((e) => e.dataset.testid).sort();
    expect(testIds("conveyor")).toEqual(FLOOR_LAYOUT.conveyors.map((c) => `conveyor-${c.id}`).sort());
    expect(testIds("robot")).toEqual(FLOOR_LAYOUT.robots.map((r) => `robot-${r.id}`).sort());
    for (const c of FLOOR_LAYOUT.conveyors) {
      const shape = screen.getByTestId(`conveyor-${c.id}`);
      // Drawn from the layout's start to its end, labelled with its short id, live and running.
      expect([belt(c.id).getAttribute("x1"), belt(c.id).getAttribute("y1"), belt(c.id).getAttribute("x2"), belt(c.id).getAttribute("y2")]).toEqual(
        [c.start.x, c.start.y, c.end.x, c.end.y].map(String),
      );
      expect(shape.querySelector("text.label")!.textContent).toBe(c.id.replace("CV-", ""));
      expect([shape.dataset.state, shape.dataset.stale]).toEqual(["RUNNING", "false"]);
      expect(shape.getAttribute("aria-label")).toBe(`Conveyor ${c.id}`);
    }
    for (const r of FLOOR_LAYOUT.robots) {
      const marker = screen.getByTestId(`robot-${r.id}`);
      expect(marker.style.transform).toBe(`translate(${r.home.x}px, ${r.home.y}px)`);
      expect([marker.dataset.x, marker.dataset.y]).toEqual([String(r.home.x), String(r.home.y)]);
      expect(marker.querySelector("text.robot-label")!.textContent).toBe(r.id.replace("AMR-", ""));
    }
    const plan = FLOOR_LAYOUT.sorters[0]!;
    const chutes = within(screen.getByTestId(`sorter-${plan.id}`)).getAllByTestId(/^chute-/);
    expect(chutes.map((c) => c.dataset.testid)).toEqual(plan.chutes.map((c) => `chute-${c.id}`));
    for (const zone of FLOOR_LAYOUT.zones) expect(screen.getByTestId(`zone-${zone.code}`).textContent).toBe(`${zone.code} · ${zone.name}`);
  });

  it("colours conveyors by state, shows their speed, and greys stale ones", () => {
    const conveyors = allRunning();
    conveyors.set("CV-INB-01", conveyor("CV-INB-01", { state: "STOPPED", speed: 0 }));
    conveyors.set("CV-INB-02", conveyor("CV-INB-02", { state: "JAMMED" }));
    conveyors.set("CV-OUT-01", conveyor("CV-OUT-01", { state: "RUNNING", stale: true }));
    renderMap({ conveyors });
    expect(belt("CV-INB-01").getAttribute("stroke")).toBe(CONVEYOR_COLORS.STOPPED);
    expect(belt("CV-INB-02").getAttribute("stroke")).toBe(CONVEYOR_COLORS.JAMMED);
    expect(belt("CV-INB-03").getAttribute("stroke")).toBe(CONVEYOR_COLORS.RUNNING);
    expect(belt("CV-OUT-01").getAttribute("stroke")).toBe(STALE_COLOR);
    expect(screen.getByTestId("conveyor-CV-OUT-01").getAttribute("class")).toContain("stale");
    expect(screen.getByTestId("conveyor-CV-INB-01").textContent).toContain("0.0 m/s");
  });

  it("shows a conveyor the API has not reported as stale, not as running", () => {
    const conveyors = allRunning();
    conveyors.delete("CV-SRT-01");
    renderMap({ conveyors });
    expect(belt("CV-SRT-01").getAttribute("stroke")).toBe(STALE_COLOR);
  });

  it("fills chutes by their count and marks full and disabled ones", () => {
    const live = sorter();
    live.chutes[0] = { ...live.chutes[0]!, count: 40, full: true };
    live.chutes[1] = { ...live.chutes[1]!, count: 10, enabled: false };
    renderMap({ sorters: byId([live]) });
    const full = screen.getByTestId("chute-CH-01");
    const disabled = screen.getByTestId("chute-CH-02");
    expect(full.dataset.full).toBe("true");
    expect(full.textContent).toContain("F");
    expect(disabled.dataset.enabled).toBe("false");
    expect(disabled.querySelector("path")).toBeTruthy();
    const level = (chute: HTMLElement) => Number(chute.querySelectorAll("rect")[1]!.getAttribute("height"));
    expect(level(full)).toBeCloseTo(1.6);
    expect(level(disabled)).toBeCloseTo(0.4);
    expect(level(screen.getByTestId("chute-CH-03"))).toBe(0);
  });

  it("places robots at their reported positions, coloured by state, with battery", () => {
    const robots = robotsAtHome();
    robots.set("AMR-02", robot("AMR-02", { state: "DRIVING", position: { x: 30, y: 12.5, heading: 1 }, battery: 55 }));
    robots.set("AMR-03", robot("AMR-03", { stale: true }));
    renderMap({ robots });
    const driving = screen.getByTestId("robot-AMR-02");
    expect(driving.style.transform).toBe("translate(30px, 12.5px)");
    expect(driving.querySelector("circle")!.getAttribute("fill")).toBe(ROBOT_COLORS.DRIVING);
    expect(driving.querySelector("title")!.textContent).toContain("battery 55%");
    expect(screen.getByTestId("robot-AMR-03").querySelector("circle")!.getAttribute("fill")).toBe(STALE_COLOR);
  });

  it("selects a device on click", () => {
    const selected: string[] = [];
    renderMap({ onSelect: (id) => selected.push(id) });
    screen.getByRole("button", { name: "Conveyor CV-INB-03" }).dispatchEvent(new MouseEvent("click", { bubbles: true }));
    screen.getByRole("button", { name: "Robot AMR-05" }).dispatchEvent(new MouseEvent("click", { bubbles: true }));
    expect(selected).toEqual(["CV-INB-03", "AMR-05"]);
  });
});
