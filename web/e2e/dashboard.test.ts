import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gql, tokenFor } from "@floorgraph/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONVEYOR_COLORS } from "../src/floor/colors.ts";
import { CHROMIUM, hasChromium, startSystem, type RunningSystem } from "./system.ts";

// The end-to-end checks, in a real browser against the real system (no mocks): one boot,
// then one test per behaviour. Screenshots go to e2e/screenshots/ (git-ignored).
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));

let system: RunningSystem;
let operator: Page;
const conveyorIds = () => system.stack.simulator!.engine.state.conveyors.map((c) => c.id);
const zone = (code: string) => system.stack.simulator!.engine.state.zones.find((z) => z.code === code)!;
const onFloor = (page: Page, kind: "conveyor" | "robot", id: string) => page.getByTestId(`${kind}-${id}`);
const waitForState = (page: Page, id: string, state: string) => page.locator(`[data-testid="conveyor-${id}"][data-state="${state}"]`).waitFor({ timeout: 10_000 });

const title = hasChromium ? "dashboard in Chromium against the running system" : `dashboard in Chromium: skipped, ${CHROMIUM} is not installed (apt-get install chromium)`;

describe.skipIf(!hasChromium)(title, () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    system = await startSystem();
    operator = await system.login("operator@floorgraph.dev");
  });
  afterAll(async () => {
    await system?.stop();
  });

  it("logs an operator in and draws every conveyor and robot of the floor layout with live state", async () => {
    expect(await operator.getByTestId("who").textContent()).toBe("operator@floorgraph.dev · OPERATOR");
    const { conveyors, robots } = system.stack.simulator!.engine.state;
    for (const c of conveyors) await operator.locator(`[data-testid="conveyor-${c.id}"][data-state="RUNNING"][data-stale="false"]`).waitFor({ timeout: 10_000 });
    for (const r of robots) await onFloor(operator, "robot", r.id).waitFor();
    expect(await operator.locator('[data-testid^="conveyor-"]').count()).toBe(conveyors.length);
    expect(await operator.locator('[data-testid^="robot-"]').count()).toBe(robots.length);
    await operator.getByTestId("floor-map").screenshot({ path: `${SCREENSHOTS}floor-map.png` });
  });

  it("moves a robot on screen within 2 s of dispatching it, without a reload", async () => {
    await operator.evaluate(() => Object.assign(window, { sameDocument: true }));
    const robot = onFloor(operator, "robot", "AMR-04");
    await robot.click();
    const before = (await robot.boundingBox())!;
    await operator.getByLabel("Destination").selectOption({ label: "D-01-01-1-A (dock)" });
    await operator.getByRole("button", { name: "Dispatch" }).click();
    await operator.waitForFunction(
      ([x, y]) => {
        const box = document.querySelector('[data-testid="robot-AMR-04"]')!.getBoundingClientRect();
        return Math.hypot(box.x - x!, box.y - y!) > 2;
      },
      [before.x, before.y],
      { timeout: 2000 },
    );
    expect(await operator.getByTestId("command-result").textContent()).toMatch(/AMR-04 dispatched: now driving/);
    expect(await operator.evaluate(() => "sameDocument" in window)).toBe(true);
  });

  it("turns a stopped conveyor to the stopped colour and shows the command's result", async () => {
    await onFloor(operator, "conveyor", "CV-OUT-02").click();
    await operator.getByRole("button", { name: "Stop", exact: true }).click();
    await waitForState(operator, "CV-OUT-02", "STOPPED");
    expect(await onFloor(operator, "conveyor", "CV-OUT-02").locator("line").getAttribute("stroke")).toBe(CONVEYOR_COLORS.STOPPED);
    // The subscription can show the new state before the mutation's answer arrives: wait for the answer.
    await operator.getByTestId("command-result").filter({ hasText: /CV-OUT-02 stop: now stopped/ }).waitFor({ timeout: 10_000 });
    await operator.getByRole("button", { name: "Start", exact: true }).click();
    await waitForState(operator, "CV-OUT-02", "RUNNING");
  });

  it("asks for confirmation before an emergency stop, then stops the zone, and shows an interlock's refusal", async () => {
    const inb = zone("INB");
    const inbConveyors = conveyorIds().filter((id) => id.startsWith("CV-INB"));
    const controls = operator.getByTestId("zone-controls-INB");
    await controls.getByRole("button", { name: "Emergency stop" }).click();
    expect(await operator.getByRole("alertdialog").textContent()).toContain("Emergency stop zone INB?");
    await operator.getByRole("button", { name: "Cancel" }).click();
    for (const id of inbConveyors) expect(await onFloor(operator, "conveyor", id).getAttribute("data-state")).toBe("RUNNING");

    await controls.getByRole("button", { name: "Emergency stop" }).click();
    await operator.getByRole("button", { name: "Stop the zone" }).click();
    for (const id of inbConveyors) await waitForState(operator, id, "ESTOPPED");
    await operator.getByTestId(`alarm-ESTOP/${inb.id}`).waitFor();

    // Nothing starts in an e-stopped zone: the interlock's message is shown as the gateway words it.
    await onFloor(operator, "conveyor", "CV-INB-01").click();
    await operator.getByRole("button", { name: "Start", exact: true }).click();
    await operator.locator('[data-testid="command-result"].refused').waitFor();
    expect(await operator.getByTestId("command-result").textContent()).toMatch(/emergency-stopped; reset the zone first/);

    await controls.getByRole("button", { name: "Reset zone" }).click();
    await operator.getByRole("button", { name: "Reset the zone" }).click();
    for (const id of inbConveyors) await waitForState(operator, id, "STOPPED");
  });

  it("shows a VIEWER the live floor and alarms but no controls", async () => {
    const viewer = await system.login("viewer@floorgraph.dev");
    await onFloor(viewer, "conveyor", "CV-SRT-01").click();
    await viewer.getByTestId("device-panel").waitFor();
    await viewer.getByTestId("alarms-panel").waitFor();
    expect(await viewer.getByRole("button", { name: /^(Start|Stop|Reset|Set speed|Emergency stop|Reset zone|Pause|Resume|Dispatch|Acknowledge|Disable|Enable)$/ }).count()).toBe(0);
    expect(await viewer.getByLabel("zones").count()).toBe(0);
    await viewer.context().close();
  });

  it("sends the dashboard's queries as automatic persisted queries: by hash, the text only while the gateway lacks it", async () => {
    const viewer = await system.login("viewer@floorgraph.dev");
    // A body is gone once its page navigated away (the reload below): such an answer counts as unread.
    const hashOnly: Promise<{ data?: unknown; errors?: { message: string }[] } | null>[] = [];
    viewer.on("response", (response) => {
      const sent = response.request().postData();
      if (!sent || response.url() !== system.stack.gateway.url) return;
      const body = JSON.parse(sent) as { query?: string; extensions?: { persistedQuery?: unknown } };
      if (body.extensions?.persistedQuery && !body.query) hashOnly.push(response.json().catch(() => null));
    });
    // The login stored the floor page's queries; a second load sends them by hash alone.
    await viewer.reload();
    await onFloor(viewer, "conveyor", "CV-SRT-01").waitFor();
    await expect.poll(() => hashOnly.length).toBeGreaterThan(0);
    await expect.poll(async () => (await Promise.all(hashOnly)).some((a) => a?.data && !a.errors)).toBe(true);
    await viewer.context().close();
  });

  it("opens an order with its lines, SKU availability, shipments and tracking events", async () => {
    const token = await tokenFor("OPERATOR");
    const shipped = await gql<{ orders: { id: string; number: string; shipments: { trackingNumber: string }[] }[] }>(
      system.stack.gateway.url,
      "{ orders(first: 50, status: SHIPPED) { id number shipments { trackingNumber } } }",
      {},
      token,
    );
    const order = shipped.data!.orders.find((o) => o.shipments.length > 0)!;
    await operator.getByRole("link", { name: "Orders" }).click();
    await operator.getByLabel("Order number").fill(order.number);
    await operator.getByRole("button", { name: "Open" }).click();
    const detail = operator.getByTestId("order-detail");
    await detail.waitFor();
    expect(await detail.getByRole("heading", { level: 1 }).textContent()).toContain(order.number);
    expect(await detail.getByTestId("line-1").textContent()).toMatch(/SKU-\d+.*\d+$/);
    expect(await detail.getByText(order.shipments[0]!.trackingNumber).count()).toBeGreaterThan(0);
    expect(await detail.getByLabel("tracking events").first().locator("li").count()).toBeGreaterThan(0);
    await detail.getByTestId("pick-tasks").waitFor();
    await operator.screenshot({ path: `${SCREENSHOTS}order-detail.png`, fullPage: true });
  });

  it("loads the schema in the self-hosted explorer and runs a query with the user's token", async () => {
    const requested: string[] = [];
    operator.on("request", (request) => requested.push(request.url()));
    const query = "query Conveyors { conveyors { id state } }";
    await operator.goto(`${system.dashboard.url}explorer?query=${encodeURIComponent(query)}`);
    await operator.getByRole("button", { name: "Show Documentation Explorer" }).click();
    await operator.getByText("Root Types").waitFor({ timeout: 20_000 });
    // On a loaded machine the editor may take the first click before it is ready: click again if no result came.
    const result = operator.locator(".result-window").getByText("CV-INB-01").first();
    for (let attempt = 1; ; attempt++) {
      await operator.getByRole("button", { name: /^Execute query/ }).click();
      const shown = await result.waitFor({ timeout: 10_000 }).then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) throw new Error("the explorer showed no result after three runs of the query");
    }
    const hosts = new Set(requested.map((url) => new URL(url).host));
    expect([...hosts].every((host) => host.startsWith("127.0.0.1:"))).toBe(true);
    expect(hosts).toContain(new URL(system.stack.gateway.url).host);
  });

  it("runs a subscription in the explorer over the gateway's WebSocket", async () => {
    const subscription = 'subscription Watch { conveyorChanged(id: "CV-OUT-04") { id state } }';
    await operator.goto(`${system.dashboard.url}explorer?query=${encodeURIComponent(subscription)}`);
    await operator.getByRole("button", { name: /^Execute query/ }).click();
    // The stream sends changes only: change the conveyor until the explorer shows it (its socket may still be opening).
    const token = await tokenFor("OPERATOR");
    const result = operator.locator(".result-window", { hasText: /conveyorChanged[\s\S]*CV-OUT-04[\s\S]*STOPPED/ });
    const command = (name: string, attempt: number) => gql(system.stack.gateway.url, `mutation { ${name}(id: "CV-OUT-04", commandId: "e2e-explorer-${name}-${attempt}") { state } }`, {}, token);
    let seen = false;
    for (let attempt = 0; attempt < 20 && !seen; attempt++) {
      await command("stopConveyor", attempt);
      seen = await result.waitFor({ timeout: 500 }).then(
        () => true,
        () => false,
      );
      await command("startConveyor", attempt);
    }
    expect(seen).toBe(true);
  });
});
