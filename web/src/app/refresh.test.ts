import { describe, expect, it, vi } from "vitest";
import { callRefresh, createRefresher, refreshDelay, SessionEnded, type Tokens } from "./refresh.ts";

const tokens = (n: number, refreshToken: string | null = `r${n}`): Tokens => ({ token: `t${n}`, refreshToken, expiresAt: new Date(Date.now() + 900_000).toISOString() });

function harness(refresh: (rt: string) => Promise<Tokens>, initial: Tokens | null = tokens(1)) {
  let current = initial;
  const ended: string[] = [];
  const refresher = createRefresher({
    current: () => current,
    refresh,
    onRefreshed: (next) => (current = next),
    onEnded: (reason) => {
      ended.push(reason);
      current = null;
    },
  });
  return { refresher, ended, current: () => current, signInAgain: (t: Tokens) => (current = t) };
}

describe("refresh timing", () => {
  it("refreshes a minute before expiry, or a quarter of a short token's life before it", () => {
    const now = Date.parse("2026-01-01T10:00:00Z");
    expect(refreshDelay({ expiresAt: "2026-01-01T10:15:00Z" }, now, now)).toBe(14 * 60_000);
    expect(refreshDelay({ expiresAt: "2026-01-01T10:02:00Z" }, now, now)).toBe(90_000);
    expect(refreshDelay({ expiresAt: "2026-01-01T09:59:00Z" }, now - 60_000, now)).toBe(0);
  });
});

describe("refresher", () => {
  it("sends the refresh token once however many callers need a new token, and keeps the rotated tokens", async () => {
    const call = vi.fn(async (rt: string) => {
      await new Promise((r) => setTimeout(r, 10));
      return tokens(Number(rt.slice(1)) + 1);
    });
    const { refresher, current } = harness(call);
    const results = await Promise.all([refresher.refresh(), refresher.refresh(), refresher.refresh()]);
    expect(results).toEqual([true, true, true]);
    expect(call).toHaveBeenCalledTimes(1);
    expect(call).toHaveBeenCalledWith("r1");
    expect(current()).toMatchObject({ token: "t2", refreshToken: "r2" });
    expect(await refresher.refresh()).toBe(true);
    expect(call).toHaveBeenLastCalledWith("r2");
  });

  it("ends the session when the refresh token is refused", async () => {
    const { refresher, ended, current } = harness(async () => {
      throw new SessionEnded("spent");
    });
    expect(await refresher.refresh()).toBe(false);
    expect(ended).toEqual(["Your session ended: please log in again."]);
    expect(current()).toBeNull();
  });

  it("keeps the session when the gateway could not be reached, to try again later", async () => {
    const { refresher, ended, current } = harness(async () => {
      throw new TypeError("fetch failed");
    });
    expect(await refresher.refresh()).toBe(false);
    expect(ended).toEqual([]);
    expect(current()).toMatchObject({ token: "t1" });
  });

  it("drops tokens that arrive after the user signed out and in again", async () => {
    let release: (t: Tokens) => void = () => {};
    const { refresher, current, signInAgain } = harness(() => new Promise((resolve) => (release = resolve)));
    const pending = refresher.refresh();
    signInAgain(tokens(7));
    release(tokens(2));
    expect(await pending).toBe(false);
    expect(current()).toMatchObject({ token: "t7" });
  });

  it("ends a session that has no refresh token when it needs one", async () => {
    const { refresher, ended } = harness(async () => tokens(2), tokens(1, null));
    expect(await refresher.refresh()).toBe(false);
    expect(ended).toHaveLength(1);
  });
});

describe("callRefresh", () => {
  const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

  it("returns the new tokens", async () => {
    const fetchImpl = answer(200, { data: { refreshToken: tokens(2) } });
    expect(await callRefresh("http://gw/graphql", "r1", fetchImpl as unknown as typeof fetch)).toMatchObject({ token: "t2" });
    expect(JSON.parse((fetchImpl.mock.calls[0] as unknown as [string, RequestInit])[1].body as string).variables).toEqual({ refreshToken: "r1" });
  });

  it("tells a refusal (SessionEnded) from a failure to ask", async () => {
    const refused = answer(200, { data: null, errors: [{ message: "spent", extensions: { code: "UNAUTHENTICATED" } }] });
    await expect(callRefresh("http://gw/graphql", "r1", refused as unknown as typeof fetch)).rejects.toBeInstanceOf(SessionEnded);
    const down = answer(502, {});
    const failure = await callRefresh("http://gw/graphql", "r1", down as unknown as typeof fetch).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(SessionEnded);
  });
});
