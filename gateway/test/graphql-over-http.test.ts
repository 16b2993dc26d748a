import { auditServer } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLab, type Lab } from "./support/lab.ts";

// The gateway's HTTP transport against the GraphQL-over-HTTP specification, and its answers to
// requests that are not GraphQL at all: always a JSON error body with a code, never HTML or a trace.
let lab: Lab;
beforeAll(async () => {
  lab = await startLab();
});
afterAll(() => lab?.stop());

const GRAPHQL_RESPONSE = "application/graphql-response+json";
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(lab.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
const query = (q: string, accept?: string) => post(JSON.stringify({ query: q }), accept ? { accept } : {});

/** The response's status, media type and JSON body, asserting it is JSON of the GraphQL shape. */
async function read(response: Response) {
  const type = response.headers.get("content-type") ?? "";
  const text = await response.text();
  expect(text).not.toMatch(/<html|<!DOCTYPE|\bat .+\.(ts|js):\d+/i);
  const body = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, type: type.split(";")[0], body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

describe("GraphQL over HTTP", () => {
  it("passes every graphql-http server audit (MUST, SHOULD and MAY)", async () => {
    const results = await auditServer({ url: lab.url });
    const failed = results.filter((r) => r.status !== "ok").map((r) => `${r.status} ${r.id} ${r.name}`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  it("answers a syntax error GRAPHQL_PARSE_FAILED: 400 as graphql-response+json, 200 as json", async () => {
    const strict = await read(await query("{ orders(first: 5) { number ", GRAPHQL_RESPONSE));
    expect(strict).toMatchObject({ status: 400, type: GRAPHQL_RESPONSE, codes: ["GRAPHQL_PARSE_FAILED"] });
    const legacy = await read(await query("{ orders(first: 5) { number ", "application/json"));
    expect(legacy).toMatchObject({ status: 200, type: "application/json", codes: ["GRAPHQL_PARSE_FAILED"] });
  });

  it("answers too many tokens as a parse failure, not a server error", async () => {
    const long = `{ ${"hello ".repeat(12_000)} }`;
    expect(await read(await query(long, GRAPHQL_RESPONSE))).toMatchObject({ status: 400, codes: ["GRAPHQL_PARSE_FAILED"] });
    expect(await read(await query(long))).toMatchObject({ status: 200, codes: ["GRAPHQL_PARSE_FAILED"] });
  });

  it("answers a validation failure 400 / 200 by media type", async () => {
    expect(await read(await query("{ nope }", GRAPHQL_RESPONSE))).toMatchObject({ status: 400, codes: ["GRAPHQL_VALIDATION_FAILED"] });
    expect(await read(await query("{ nope }"))).toMatchObject({ status: 200, type: "application/json", codes: ["GRAPHQL_VALIDATION_FAILED"] });
  });

  it("serves queries over GET and refuses mutations over GET with 405 and Allow, without running them", async () => {
    const get = await read(await fetch(`${lab.url}?query=${encodeURIComponent("{ hello }")}`));
    expect(get).toMatchObject({ status: 200, body: { data: { hello: "world" } } });
    const before = lab.mutations();
    const response = await fetch(`${lab.url}?query=${encodeURIComponent("mutation { touch }")}`, { headers: { accept: GRAPHQL_RESPONSE } });
    expect(response.headers.get("allow")).toBe("POST");
    expect(await read(response)).toMatchObject({ status: 405, codes: ["BAD_REQUEST"] });
    expect(lab.mutations()).toBe(before);
  });

  it("answers malformed JSON 400 BAD_REQUEST as JSON", async () => {
    expect(await read(await post(`{"query":"{ hello }"`))).toMatchObject({ status: 400, type: "application/json", codes: ["BAD_REQUEST"] });
  });

  it("answers a form post (curl -d 'hello') 415 and a body without a type 415", async () => {
    const form = await fetch(lab.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "hello" });
    expect(await read(form)).toMatchObject({ status: 415, codes: ["BAD_REQUEST"] });
    const text = await fetch(lab.url, { method: "POST", headers: { "content-type": "text/plain" }, body: '{"query":"{ hello }"}' });
    expect(await read(text)).toMatchObject({ status: 415, codes: ["BAD_REQUEST"] });
  });

  it("answers an oversize body 413 PAYLOAD_TOO_LARGE as JSON, in the accepted type", async () => {
    const big = JSON.stringify({ query: "{ hello }", variables: { pad: "x".repeat(2_000_000) } });
    expect(await read(await post(big))).toMatchObject({ status: 413, type: "application/json", codes: ["PAYLOAD_TOO_LARGE"] });
    expect(await read(await post(big, { accept: GRAPHQL_RESPONSE }))).toMatchObject({ status: 413, type: GRAPHQL_RESPONSE, codes: ["PAYLOAD_TOO_LARGE"] });
  });

  it("answers unknown paths 404 NOT_FOUND as JSON", async () => {
    for (const path of ["/nope", "/graphql/extra", "/health/x"]) {
      expect(await read(await fetch(`${lab.base}${path}`))).toMatchObject({ status: 404, codes: ["NOT_FOUND"] });
    }
    expect(await read(await fetch(`${lab.base}/nope`, { method: "POST", body: "{}" }))).toMatchObject({ status: 404 });
  });

  it("answers a missing query 400 BAD_REQUEST", async () => {
    expect(await read(await post(JSON.stringify({ qeury: "{ hello }" })))).toMatchObject({ status: 400, codes: ["BAD_REQUEST"] });
  });
});
