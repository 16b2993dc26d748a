import { context, trace } from "@opentelemetry/api";
import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/** One JSON logger per process; services take child loggers named after themselves. */
export function createLogger(name: string, level: LevelWithSilent = "info", destination?: pino.DestinationStream): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The active trace's ids next to the request id (none while tracing is off: OpenTelemetry's no-op API).
    mixin: traceIds,
    redact: {
      paths: ["req.headers.authorization", "*.password", "*.token", "password", "token"],
      censor: "[redacted]",
    },
  }, destination);
}
export { requestIdFrom, stopOnSignals } from "./process.ts";

function traceIds(): { traceId?: string; spanId?: string } {
  const span = trace.getSpanContext(context.active());
  return span ? { traceId: span.traceId, spanId: span.spanId } : {};
}
