import { describe, expect, it } from "vitest";
import { jsonExceeds } from "../src/budget/json-size.ts";
import { prefersEventStream, responseMediaType } from "../src/http/media.ts";
import { Counter, limitedSubscription, principalOf } from "../src/subscriptions/limits.ts";

// The pieces the transports share: subscription counters that must never leak a slot, the response
// size estimate behind RESPONSE_TOO_LARGE, and the Accept negotiation that picks a transport.
async function* numbers(n: number, failAt?: number) {
  for (let i = 1; i <= n; i++) {
    if (i === failAt) throw new Error("upstream failed");
    yield i;
  }
}
const slots = (...counters: [Counter, string][]) => counters.map(([counter, key]) => ({ counter, key, what: "here" }));

describe("limitedSubscription", () => {
  it("holds a slot on every counter while the stream lives and gives it back however it ends", async () => {
    const perSocket = new Counter(2);
    const perPrincipal = new Counter(5);
    const completed = (await limitedSubscription(slots([perSocket, "s"], [perPrincipal, "p"]), async () => numbers(2))) as AsyncIterableIterator<number>;
    const returned = (await limitedSubscription(slots([perSocket, "s"], [perPrincipal, "p"]), async () => numbers(10))) as AsyncIterableIterator<number>;
    expect([perSocket.held("s"), perPrincipal.held("p")]).toEqual([2, 2]);
    for await (const _ of completed);
    expect(perSocket.held("s")).toBe(1);
    await returned.next();
    await returned.return?.();
    expect([perSocket.held("s"), perPrincipal.held("p")]).toEqual([0, 0]);
    const failing = (await limitedSubscription(slots([perSocket, "s"]), async () => numbers(3, 2))) as AsyncIterableIterator<number>;
    await failing.next();
    await expect(failing.next()).rejects.toThrow("upstream failed");
    expect(perSocket.held("s")).toBe(0);
  });

  it("refuses with TOO_MANY_SUBSCRIPTIONS when any counter is full, taking nothing from the others", async () => {
    const perSocket = new Counter(1);
    const perPrincipal = new Counter(3);
    await limitedSubscription(slots([perSocket, "s"], [perPrincipal, "p"]), async () => numbers(10));
    let started = false;
    const refused = await limitedSubscription(slots([perPrincipal, "p"], [perSocket, "s"]), async () => ((started = true), numbers(1)));
    expect(refused).toMatchObject({ errors: [{ extensions: { code: "TOO_MANY_SUBSCRIPTIONS" }, message: expect.stringMatching(/At most 1 subscriptions may be open here/) }] });
    expect(started).toBe(false);
    expect(perPrincipal.held("p")).toBe(1);
  });

  it("gives the slots back when the start answers a result instead of a stream, or fails", async () => {
    const counter = new Counter(1);
    expect(await limitedSubscription(slots([counter, "k"]), async () => ({ errors: [] }))).toEqual({ errors: [] });
    await expect(limitedSubscription(slots([counter, "k"]), async () => Promise.reject(new Error("no plan")))).rejects.toThrow("no plan");
    expect(counter.held("k")).toBe(0);
  });

  it("releases a slot once, however often its release is called", () => {
    const counter = new Counter(2);
    const release = counter.acquire("k");
    counter.acquire("k");
    release?.();
    release?.();
    expect(counter.held("k")).toBe(1);
    expect(counter.acquire("k")).not.toBeNull();
    expect(counter.acquire("k")).toBeNull();
  });

  it("counts a verified caller per user, a foreign token per token, and anyone else per address", () => {
    const scope = (key: string, token?: string) => ({ key, token, expiresAt: Infinity });
    expect(principalOf({ identity: { userId: "u1" } as never, scope: scope("identity|x") }, "1.1.1.1")).toBe("user:u1");
    expect(principalOf({ identity: null, scope: scope("token:abc", "t") }, "1.1.1.1")).toBe("token:abc");
    expect(principalOf({ identity: null, scope: scope("anonymous") }, "1.1.1.1")).toBe("address:1.1.1.1");
  });
});

describe("jsonExceeds", () => {
  it("agrees with JSON.stringify's length to within the escapes it does not count", () => {
    const value = { orders: Array.from({ length: 50 }, (_, i) => ({ id: `o-${i}`, lines: [{ quantity: i, sku: { code: "SKU-0001", name: "Pallet — wide" } }], shipped: i % 2 === 0, note: null })) };
    const size = Buffer.byteLength(JSON.stringify(value));
    expect(jsonExceeds(value, size - 200)).toBe(true);
    expect(jsonExceeds(value, size + 200)).toBe(false);
    expect(jsonExceeds("x".repeat(1000), 999)).toBe(true);
    expect(jsonExceeds(undefined, 10)).toBe(false);
  });
});

describe("Accept negotiation", () => {
  it("answers JSON unless graphql-response+json is preferred, and streams only when text/event-stream is preferred", () => {
    expect(responseMediaType(undefined)).toBe("application/json");
    expect(responseMediaType("application/graphql-response+json, application/json;q=0.9")).toBe("application/graphql-response+json");
    expect(responseMediaType("application/json, application/graphql-response+json")).toBe("application/json");
    expect(responseMediaType("text/html")).toBeNull();
    expect(prefersEventStream("text/event-stream")).toBe(true);
    // urql's default lists all three, JSON first: not a stream (unless the operation is a subscription).
    expect(prefersEventStream("application/graphql-response+json, application/json, text/event-stream")).toBe(false);
    expect(prefersEventStream("application/json;q=0.5, text/event-stream")).toBe(true);
    expect(prefersEventStream(undefined)).toBe(false);
  });
});
