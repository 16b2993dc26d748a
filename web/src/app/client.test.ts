import { afterEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "./client.ts";
import type { SessionAuth } from "./session.tsx";

const config = { graphqlUrl: "http://gateway.test/graphql", wsUrl: "ws://gateway.test/graphql" };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

/** A gateway that accepts only the current token "t<n>", answering 401 to any other. */
function gateway(accepted: () => string) {
  const seen: (string | null)[] = [];
  const fetchMock = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const authorization = new Headers(init?.headers).get("authorization");
    seen.push(authorization);
    return authorization === `Bearer ${accepted()}`
      ? json(200, { data: { me: { __typename: "User", id: "u1" } } })
      : json(401, { errors: [{ message: "Token has been revoked; log in again", extensions: { code: "UNAUTHENTICATED" } }] });
  });
  vi.stubGlobal("fetch", fetchMock);
  return seen;
}

function session(initial: string, refreshTo: string | null) {
  let token: string | null = initial;
  const auth: SessionAuth & { refreshes: number; lostCalls: number } = {
    refreshes: 0,
    lostCalls: 0,
    token: () => token,
    refresh: async () => {
      auth.refreshes++;
      if (!refreshTo) return false;
      token = refreshTo;
      return true;
    },
    settled: async () => undefined,
    lost: () => {
      auth.lostCalls++;
      token = null;
    },
  };
  return auth;
}

afterEach(() => vi.unstubAllGlobals());

describe("API client", () => {
  it("refreshes once after a 401 and runs the refused query again with the new token", async () => {
    const seen = gateway(() => "t2");
    const auth = session("t1", "t2");
    const api = createApiClient(config, auth);
    const results: unknown[] = [];
    const { unsubscribe } = api.client.query("{ me { id } }", {}, { requestPolicy: "network-only" }).subscribe((r) => results.push(r.data));
    await vi.waitFor(() => expect(results).toContainEqual({ me: { __typename: "User", id: "u1" } }));
    unsubscribe();
    expect(auth.refreshes).toBe(1);
    expect(auth.lostCalls).toBe(0);
    expect(seen).toEqual(["Bearer t1", "Bearer t2"]);
    api.dispose();
  });

  it("ends the session when no fresh token comes of the refresh", async () => {
    gateway(() => "never");
    const auth = session("t1", null);
    const api = createApiClient(config, auth);
    const { unsubscribe } = api.client.query("{ me { id } }", {}, { requestPolicy: "network-only" }).subscribe(() => undefined);
    await vi.waitFor(() => expect(auth.lostCalls).toBe(1));
    unsubscribe();
    expect(auth.refreshes).toBe(1);
    api.dispose();
  });
});
