import { describe, expect, it } from "vitest";
import { InProcessBus } from "./in-process-bus.ts";

const message = (n: number) => ({ key: "k", value: String(n), headers: {} });
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe("in-process bus", () => {
  it("gives every group every message in publish order, from the start of the log", async () => {
    const bus = new InProcessBus();
    await bus.publish([{ topic: "t", messages: [message(1), message(2)] }]);
    const seen: Record<string, string[]> = { a: [], b: [] };
    const subs = await Promise.all(
      ["a", "b"].map((group) => bus.subscribe({ group, topics: ["t"], handle: async (m) => void (seen[group] as string[]).push(m.value) })),
    );
    await bus.publish([{ topic: "t", messages: [message(3)] }]);
    await until(() => seen.a?.length === 3 && seen.b?.length === 3);
    expect(seen).toEqual({ a: ["1", "2", "3"], b: ["1", "2", "3"] });
    expect(await bus.lag("a", ["t"])).toBe(0);
    for (const s of subs) await s.stop();
    await bus.close();
  });

  it("keeps the latest 10,000 messages of a topic nobody reads, for a late reader", async () => {
    const bus = new InProcessBus();
    await bus.publish([{ topic: "audit", messages: Array.from({ length: 10_005 }, (_, i) => message(i)) }]);
    const seen: string[] = [];
    const sub = await bus.subscribe({ group: "late", topics: ["audit"], handle: async (m) => void seen.push(m.value) });
    await until(() => seen.length === 10_000);
    expect([seen[0], seen.at(-1), seen.length]).toEqual(["5", "10004", 10_000]);
    await sub.stop();
    await bus.close();
  });

  it("delivers a rejected message again before the next one, and counts it as lag meanwhile", async () => {
    const bus = new InProcessBus();
    const seen: string[] = [];
    let failures = 1;
    const sub = await bus.subscribe({
      group: "g",
      topics: ["t"],
      handle: async (m) => {
        seen.push(m.value);
        if (m.value === "1" && failures-- > 0) throw new Error("not now");
      },
    });
    const published = bus.publish([{ topic: "t", messages: [message(1), message(2)] }]);
    await until(() => seen.length === 1);
    expect(await bus.lag("g", ["t"])).toBe(2);
    await published;
    expect(seen).toEqual(["1", "1", "2"]);
    await sub.stop();
    await bus.close();
  });

  it("resolves a publish only once every group reading the partition has handled the message", async () => {
    const bus = new InProcessBus();
    const handled: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fast = await bus.subscribe({ group: "fast", topics: ["t"], handle: async (m) => void handled.push(`fast:${m.value}`) });
    const slow = await bus.subscribe({ group: "slow", topics: ["t"], handle: async (m) => (await gate, void handled.push(`slow:${m.value}`)) });
    let done = false;
    const published = bus.publish([{ topic: "t", messages: [message(1)] }]).then(() => (done = true));
    await until(() => handled.length === 1);
    await new Promise((r) => setTimeout(r, 50));
    expect([handled, done]).toEqual([["fast:1"], false]);
    release();
    await published;
    expect(handled).toEqual(["fast:1", "slow:1"]);
    for (const s of [fast, slow]) await s.stop();
    await bus.close();
  });

  it("fails a waiting publish when a group that still had to handle it stops, and when the bus closes", async () => {
    const bus = new InProcessBus();
    const stuck = await bus.subscribe({ group: "stuck", topics: ["t"], handle: async () => Promise.reject(new Error("not yet")) });
    const first = bus.publish([{ topic: "t", messages: [message(1)] }]);
    const firstOutcome = first.then(() => "resolved", (e: Error) => e.message);
    await stuck.stop();
    expect(await firstOutcome).toMatch(/stuck stopped before handling/);
    // Nobody reads t now: a new message needs no one's handling.
    await bus.publish([{ topic: "t", messages: [message(2)] }]);
    const other = await bus.subscribe({ group: "other", topics: ["u"], handle: async () => Promise.reject(new Error("never")) });
    const second = bus.publish([{ topic: "u", messages: [message(3)] }]).then(() => "resolved", (e: Error) => e.message);
    await bus.close();
    expect(await second).toMatch(/closed/);
    await other.stop();
  });
});
