import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLab, type Lab } from "./support/lab.ts";

// Per-operation budgets at the gateway: a deadline (the operation is abandoned and its subgraph
// fetches aborted) and a cap on the response's size (and on each subgraph answer read), with
// either executor of query plans (GATEWAY_EXECUTOR).
describe.each(["apollo", "floorgraph"] as const)("with the %s executor", (executor) => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab({ executor, budget: { timeoutMs: 1_500, maxResponseBytes: 100_000 } });
  });
  afterAll(() => lab?.stop());

  const GRAPHQL_RESPONSE = "application/graphql-response+json";
  async function query(q: string, accept = "application/json") {
    const response = await fetch(lab.url, { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ query: q }) });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    return { status: response.status, type: response.headers.get("content-type"), bytes: text.length, body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
  }
  const healthy = async () => (await fetch(`${lab.base}/health`)).status;

  async function until(check: () => boolean, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  describe("operation deadline (OPERATION_TIMEOUT_MS)", () => {
    it("answers an operation past its deadline OPERATION_TIMEOUT (504 as graphql-response+json) and aborts its subgraph fetch", async () => {
      const before = { ...lab.slowCalls };
      const strict = await query("{ slow(ms: 5000) }", GRAPHQL_RESPONSE);
      expect(strict).toMatchObject({ status: 504, codes: ["OPERATION_TIMEOUT"] });
      expect(strict.body.data).toBeUndefined();
      expect(strict.type).toMatch(/^application\/graphql-response\+json/);
      // The gateway closed its request to the subgraph rather than waiting the 5 s out.
      await until(() => lab.slowCalls.aborted > before.aborted);
      expect(lab.slowCalls.started).toBe(before.started + 1);
      expect(await healthy()).toBe(200);
    });

    it("answers it 200 with the error as application/json", async () => {
      expect(await query("{ slow(ms: 5000) }")).toMatchObject({ status: 200, codes: ["OPERATION_TIMEOUT"] });
    });

    it("lets an operation within its deadline finish", async () => {
      expect(await query("{ slow(ms: 10) hello }")).toMatchObject({ status: 200, body: { data: { slow: "done", hello: "world" } } });
    });
  });

  describe("response size (MAX_RESPONSE_BYTES)", () => {
    it("answers a response within the cap", async () => {
      const res = await query("{ big(kb: 40) annex(kb: 40) }");
      expect(res.codes).toEqual([]);
      expect(res.bytes).toBeGreaterThan(80_000);
    });

    it("refuses a response over the cap RESPONSE_TOO_LARGE (422 as graphql-response+json) instead of sending it", async () => {
      // Each subgraph's answer (60 kB) is under the cap; together they are over it.
      const strict = await query("{ big(kb: 60) annex(kb: 60) }", GRAPHQL_RESPONSE);
      expect(strict).toMatchObject({ status: 422, codes: ["RESPONSE_TOO_LARGE"] });
      expect(strict.bytes).toBeLessThan(1_000);
      expect(await query("{ big(kb: 60) annex(kb: 60) }")).toMatchObject({ status: 200, codes: ["RESPONSE_TOO_LARGE"] });
    });

    it("stops reading a subgraph answer over the cap, answering RESPONSE_TOO_LARGE", async () => {
      const res = await query("{ big(kb: 2000) }");
      expect(res.codes).toEqual(["RESPONSE_TOO_LARGE"]);
      expect(res.body.data).toBeNull();
      expect(res.bytes).toBeLessThan(1_000);
      expect(await healthy()).toBe(200);
    });
  });

  describe("a client that goes away", () => {
    it("aborts the operation's subgraph fetch when the HTTP client disconnects", async () => {
      // A deadline far away: only the disconnect can end the subgraph request within the wait.
      const patient = await startLab({ executor, budget: { timeoutMs: 120_000 } });
      try {
        const controller = new AbortController();
        const pending = fetch(patient.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ slow(ms: 60000) }" }), signal: controller.signal });
        await until(() => patient.slowCalls.started === 1);
        controller.abort();
        await expect(pending).rejects.toThrow();
        await until(() => patient.slowCalls.aborted === 1);
        expect((await fetch(`${patient.base}/health`)).status).toBe(200);
      } finally {
        await patient.stop();
      }
    });
  });
});
