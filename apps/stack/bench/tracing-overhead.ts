// Tracing's share of a request (for `npm run bench:gateway`): the same request through the gateway
// with tracing off, then on, in the same run. "On" is what production runs: every span batched and
// exported over OTLP/HTTP, here to a local sink that drains and acknowledges what it is sent.
// Sequential, not interleaved: once tracing was on, @apollo/gateway keeps the tracer it got (the
// OpenTelemetry API's proxy caches it), so switching tracing off again would not make it a no-op.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { startTracing, TRACING_OFF } from "@floorgraph/tracing/sdk";
import { quantile } from "./support.ts";

export async function tracingOverhead(url: string, time: (url: string) => Promise<number>, rounds: number): Promise<string[]> {
  let spans = 0;
  let counting = false;
  const sink = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      if (counting) spans += body.split('"spanId":').length - 1;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const off: number[] = [];
  const on: number[] = [];
  for (let i = 0; i < rounds; i++) off.push(await time(url));
  const tracing = startTracing({ ...TRACING_OFF, endpoint: `http://127.0.0.1:${(sink.address() as AddressInfo).port}` }, "bench");
  for (let i = 0; i < 100; i++) await time(url); // warm-up of the tracing code
  await tracing.flush();
  counting = true;
  for (let i = 0; i < rounds; i++) on.push(await time(url));
  await tracing.shutdown();
  await new Promise((resolve) => sink.close(resolve));
  const row = (name: string, v: number[]) => `${name.padEnd(16)} p50 ${quantile(v, 0.5).toFixed(3)} ms   p99 ${quantile(v, 0.99).toFixed(3)} ms`;
  return [
    `tracing, ${rounds} requests each through the gateway, off then on:`,
    row("  tracing off", off),
    row("  tracing on", on),
    `  tracing adds   p50 ${(quantile(on, 0.5) - quantile(off, 0.5)).toFixed(3)} ms per request (${(spans / rounds).toFixed(1)} spans each, exported over OTLP/HTTP)`,
  ];
}
