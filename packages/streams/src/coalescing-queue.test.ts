import { describe, expect, it } from "vitest";
import { CoalescingQueue } from "./coalescing-queue.ts";

interface Reading {
  id: string;
  v: number;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function queue(minIntervalMs: number, maxPending = Number.POSITIVE_INFINITY) {
  let closed = 0;
  const counted = { delivered: 0, coalesced: 0, dropped: 0 };
  const q = new CoalescingQueue<Reading>({
    counters: { delivered: () => counted.delivered++, coalesced: () => counted.coalesced++, dropped: (n) => (counted.dropped += n) },
    key: (r) => r.id,
    minIntervalMs,
    maxPending,
    overflowError: (n) => new Error(`${n} behind`),
    onClose: () => closed++,
  });
  return { q, closes: () => closed, counted };
}

describe("CoalescingQueue", () => {
  it("keeps only the latest pending value per key for a slow consumer, in first-change order", async () => {
    const { q } = queue(0);
    for (let v = 1; v <= 100; v++) q.push({ id: "a", v });
    q.push({ id: "b", v: 1 });
    q.push({ id: "a", v: 101 });
    expect(q.pending).toBe(2);
    expect((await q.next()).value).toEqual({ id: "a", v: 101 });
    expect((await q.next()).value).toEqual({ id: "b", v: 1 });
  });

  it("delivers a key's first change at once and coalesces a burst within the interval to its last value", async () => {
    const { q } = queue(100);
    const received: number[] = [];
    const consumer = (async () => {
      for await (const r of q) {
        received.push(r.v);
        if (r.v === 50) break;
      }
    })();
    await sleep(5);
    for (let v = 1; v <= 50; v++) q.push({ id: "a", v });
    await consumer;
    expect(received).toEqual([1, 50]);
  });

  it("lets an urgent value skip its key's interval, replacing what waited", async () => {
    const q = new CoalescingQueue<Reading & { state?: string }>({
      key: (r) => r.id,
      minIntervalMs: 1000,
      maxPending: Number.POSITIVE_INFINITY,
      overflowError: () => new Error("overflow"),
      urgent: (r) => r.state === "STOPPED",
      onClose: () => {},
    });
    q.push({ id: "a", v: 1 });
    await q.next();
    q.push({ id: "a", v: 2 });
    q.push({ id: "a", v: 3, state: "STOPPED" });
    const started = performance.now();
    expect((await q.next()).value).toEqual({ id: "a", v: 3, state: "STOPPED" });
    expect(performance.now() - started).toBeLessThan(500);
    expect(q.pending).toBe(0);
    await q.return();
  });

  it("ends the stream with the overflow error when too many keys wait, and unhooks its source once", async () => {
    const { q, closes } = queue(0, 3);
    for (let i = 0; i < 4; i++) q.push({ id: `k${i}`, v: i });
    await expect(q.next()).rejects.toThrow("4 behind");
    expect(closes()).toBe(1);
    q.push({ id: "late", v: 0 });
    expect(q.pending).toBe(0);
  });

  it("return() ends a waiting consumer and stops pending timers", async () => {
    const { q, closes } = queue(1000);
    q.push({ id: "a", v: 1 });
    await q.next();
    q.push({ id: "a", v: 2 });
    const waiting = q.next();
    await q.return();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(closes()).toBe(1);
    expect(q.pending).toBe(0);
  });

  it("counts what becomes of values: delivered, coalesced (replaced before read), dropped (lost in an overflow)", async () => {
    const slow = queue(0);
    for (let v = 1; v <= 5; v++) slow.q.push({ id: "a", v });
    slow.q.push({ id: "b", v: 1 });
    await slow.q.next();
    await slow.q.next();
    const waiting = slow.q.next();
    slow.q.push({ id: "c", v: 1 });
    await waiting;
    expect(slow.counted).toEqual({ delivered: 3, coalesced: 4, dropped: 0 });
    const overflowing = queue(0, 3);
    for (let i = 0; i < 4; i++) overflowing.q.push({ id: `k${i}`, v: i });
    await expect(overflowing.q.next()).rejects.toThrow("4 behind");
    expect(overflowing.counted).toEqual({ delivered: 0, coalesced: 0, dropped: 4 });
  });
});
