import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, RevocationList, signToken, type Identity } from "@floorgraph/auth";
import { createLogger } from "@floorgraph/logger";
import { buildRequestContext, clientAddressOf } from "../src/context.ts";
import { atMost } from "../src/list-cap.ts";
import { entityLoader, groupLoader } from "../src/loaders.ts";
import { MAX_PAGE_SIZE, pageSize } from "../src/pagination.ts";
import { JWT } from "./helpers.ts";

const logger = createLogger("context-test", "silent");
const identity: Identity = { userId: "u-1", email: "a@example.com", role: "OPERATOR", partnerId: null, scopes: [], kind: "user" };

describe("the request context", () => {
  it("carries the verified identity, its token and the gateway's request id", async () => {
    const { token } = await signToken(identity, JWT);
    const ctx = await buildRequestContext({ authorization: `Bearer ${token}`, "x-request-id": "req-12345678" }, JWT, logger, "10.0.0.9");
    expect(ctx.identity).toMatchObject({ userId: "u-1", role: "OPERATOR" });
    expect(ctx.token).toBe(token);
    expect(ctx.authError).toBeNull();
    expect(ctx.requestId).toBe("req-12345678");
    expect(ctx.clientAddress).toBe("10.0.0.9");
  });

  it("keeps a bad, foreign or revoked token's failure for the resolvers instead of throwing, with no identity", async () => {
    const foreign = (await signToken(identity, { secret: "another-secret-0123456789abcdefghijkl" })).token;
    const revocations = new RevocationList();
    const revoked = (await signToken(identity, JWT)).token;
    await revocations.revoke("user", "u-1", Date.now() + 1000);
    for (const [header, settings] of [
      ["Bearer not.a.token", JWT],
      [`Bearer ${foreign}`, JWT],
      [`Bearer ${revoked}`, { ...JWT, revocations }],
    ] as const) {
      const ctx = await buildRequestContext({ authorization: header }, settings, logger);
      expect(ctx.identity).toBeNull();
      expect(ctx.authError).toBeInstanceOf(Error);
    }
    await revocations.close();
    const anonymous = await buildRequestContext({}, JWT, logger);
    expect(anonymous).toMatchObject({ identity: null, authError: null, token: undefined, clientAddress: "unknown" });
    expect(anonymous.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes the caller's address from the gateway's header before the connection's peer", () => {
    expect(clientAddressOf({ [CLIENT_ADDRESS_HEADER]: "203.0.113.7" }, "10.0.0.1")).toBe("203.0.113.7");
    expect(clientAddressOf({}, "::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddressOf({}, undefined)).toBe("unknown");
  });
});

describe("loaders", () => {
  it("batch the keys asked for in one tick into one fetch, answering null for what is missing", async () => {
    const fetches: string[][] = [];
    const loader = entityLoader(async (keys: string[]) => (fetches.push(keys), keys.filter((k) => k !== "gone").map((id) => ({ id, name: id.toUpperCase() }))), (r) => r.id);
    expect(await Promise.all([loader.load("a"), loader.load("gone"), loader.load("b"), loader.load("a")])).toEqual([{ id: "a", name: "A" }, null, { id: "b", name: "B" }, { id: "a", name: "A" }]);
    expect(fetches).toEqual([["a", "gone", "b"]]);
  });

  it("group a one-to-many list by key, in the order fetched, with an empty list for a key without rows", async () => {
    const rows = [{ order: "o1", n: 1 }, { order: "o2", n: 2 }, { order: "o1", n: 3 }];
    let calls = 0;
    const loader = groupLoader(async (keys: string[]) => (calls++, rows.filter((r) => keys.includes(r.order))), (r) => r.order);
    const [o1, o2, o3] = await Promise.all(["o1", "o2", "o3"].map((k) => loader.load(k)));
    expect(o1?.map((r) => r.n)).toEqual([1, 3]);
    expect(o2?.map((r) => r.n)).toEqual([2]);
    expect(o3).toEqual([]);
    expect(calls).toBe(1);
  });
});

describe("bounded lists", () => {
  it("page sizes lie between 1 and the maximum, defaulting when absent", () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(null, 50)).toBe(50);
    expect(pageSize(MAX_PAGE_SIZE)).toBe(MAX_PAGE_SIZE);
    for (const bad of [0, -1, MAX_PAGE_SIZE + 1, 2.5]) {
      expect(() => pageSize(bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "BAD_USER_INPUT", field: "first" }) }));
    }
  });

  it("a list field never returns more than its declared size", () => {
    expect(atMost([1, 2, 3, 4], 2)).toEqual([1, 2]);
    expect(atMost([1, 2], 5)).toEqual([1, 2]);
  });
});
