import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.ts";
import { startupSummary } from "./summary.ts";

/** A stream that keeps what is written; a terminal when `tty`. */
function sink(tty: boolean) {
  const chunks: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (chunks.push(String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, { isTTY: tty, columns: 100, rows: 40 });
  return { stream, text: () => chunks.join("") };
}

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("start-up progress", () => {
  it("writes a plain, timestamped line per change when the output is not a terminal", () => {
    const out = sink(false);
    const time = clock();
    const progress = createProgress(out.stream, { now: time.now });
    const users = progress.step("db:users", "users database", "queued");
    time.advance(1500);
    users.update("seeding");
    users.update("seeding"); // no change, no line
    time.advance(700);
    users.done("14 users");
    users.update("late"); // a finished step stays finished
    progress.close();
    expect(out.text().split("\n").filter(Boolean)).toEqual([
      "[  0.0 s] users database: queued",
      "[  1.5 s] users database: seeding",
      "[  2.2 s] users database: 14 users (2.2 s)",
    ]);
    expect(progress.timings()).toEqual([{ id: "db:users", label: "users database", ms: 2200, result: "14 users" }]);
  });

  it("redraws one block in place on a terminal, each step with its state and time", () => {
    const out = sink(true);
    const time = clock();
    const progress = createProgress(out.stream, { now: time.now, interactive: true });
    const a = progress.step("db:users", "users database", "seeding");
    const b = progress.step("db:warehouse", "warehouse database", "queued");
    time.advance(3000);
    a.done("14 users");
    b.fail("disk full");
    progress.close();
    const text = out.text();
    // log-update erases the previous frame (cursor up, erase line) before each new one.
    expect(text).toContain("\u001b[");
    const lastFrame = text.slice(text.lastIndexOf("users database") - 4);
    expect(lastFrame).toContain("✔ users database      14 users  3.0 s");
    expect(lastFrame).toContain("✖ warehouse database  disk full  3.0 s");
    expect(text).not.toMatch(/^\[ +\d/m); // no plain lines on a terminal
  });

  it("sums up where the start-up went, phase by phase", () => {
    expect(
      startupSummary([
        { id: "db:users", label: "users database", ms: 2100, result: "14 users" },
        { id: "db:orders", label: "orders database", ms: 6400, result: "1,000 orders" },
        { id: "svc:users", label: "users subgraph", ms: 900, result: "http://x" },
        { id: "gateway", label: "gateway", ms: 650, result: "supergraph loaded" },
      ]),
    ).toEqual([
      "",
      "Start-up:",
      "  databases made      users 2.1 s, orders 6.4 s",
      "  subgraphs booted    users 0.9 s",
      "  gateway             0.7 s (supergraph loaded)",
    ]);
    expect(startupSummary([])).toEqual([]);
  });
});
