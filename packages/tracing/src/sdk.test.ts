import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "@floorgraph/config";
import { inSpan, traceHeaders, tracingEnabled } from "./index.ts";
import { startTracing, tracingEnvShape, tracingSettingsFrom, type Tracing } from "./sdk.ts";

const settings = (env: Record<string, string>) => tracingSettingsFrom(z.object(tracingEnvShape).parse(env));

let tracing: Tracing | null = null;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = null;
});

describe("startTracing", () => {
  it("registers nothing and exports nothing when OTEL_EXPORTER_OTLP_ENDPOINT is unset", async () => {
    tracing = startTracing(settings({}), "gateway");
    expect(tracing.enabled).toBe(false);
    expect(tracing.exports).toEqual([]);
    expect(tracingEnabled()).toBe(false);
    // The API stays a no-op: spans record nothing and no trace context is injected.
    expect(trace.getTracer("t").startSpan("x").isRecording()).toBe(false);
    expect(await inSpan("gateway", "work", {}, async (span) => ({ span, headers: traceHeaders() }))).toEqual({ span: null, headers: {} });
  });

  it("exports spans over OTLP/HTTP to <endpoint>/v1/traces when the endpoint is set", async () => {
    const received: { path: string | undefined; type: string | undefined; body: string }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        received.push({ path: req.url, type: req.headers["content-type"], body });
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
      tracing = startTracing(settings({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "gateway-under-test" }), "gateway");
      expect(tracing.exports).toEqual(["otlp"]);
      const headers = await inSpan("gateway", "exported work", {}, async () => traceHeaders());
      expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      await tracing.flush();
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ path: "/v1/traces", type: "application/json" });
      expect(received[0]?.body).toContain("exported work");
      expect(received[0]?.body).toContain("gateway-under-test");
      expect(received[0]?.body).toContain(headers.traceparent?.split("-")[1]);
    } finally {
      await tracing?.shutdown();
      await new Promise((resolve) => collector.close(resolve));
    }
  });

  it("refuses an endpoint that is not an http(s) URL", () => {
    expect(() => settings({ OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318" })).toThrow();
  });
});
