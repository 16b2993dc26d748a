import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { inSpan } from "@floorgraph/tracing";
import { startMemoryTracing } from "@floorgraph/tracing/testing";
import { createLogger } from "./index.ts";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString("utf8"))), done()) });
  return { lines, logger: createLogger("test", "info", stream) };
}

describe("log lines and traces", () => {
  const tracing = startMemoryTracing();
  afterAll(() => tracing.shutdown());

  it("carry the active span's trace and span ids next to the request id", async () => {
    const { lines, logger } = capture();
    const ids = await inSpan("orders", "work", {}, async (span) => {
      logger.child({ requestId: "req-1" }).info("inside");
      return span!.spanContext();
    });
    logger.info("outside");
    expect(lines[0]).toMatchObject({ msg: "inside", requestId: "req-1", traceId: ids.traceId, spanId: ids.spanId });
    expect(lines[1]).not.toHaveProperty("traceId");
  });
});
