import type { IncomingMessage, ServerResponse } from "node:http";
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { tracingEnabled } from "./state.ts";
import { tracer } from "./spans.ts";

/**
 * Express-style middleware: a server span for each request, continuing the caller's W3C
 * `traceparent` (or starting a trace), active for everything the request does. The request's and
 * response's listeners are bound to it too, so work resumed from stream events (the JSON body
 * parser) stays in the trace. The GraphQL plugin names it after the operation.
 */
export function traceHttpRequests(part: string) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (!tracingEnabled()) return next();
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const span = tracer(part).startSpan(
      `${req.method ?? "GET"} ${path}`,
      { kind: SpanKind.SERVER, attributes: { "http.request.method": req.method ?? "GET", "url.path": path, "floorgraph.service": part } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    context.bind(active, req);
    context.bind(active, res);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once("finish", end);
    res.once("close", end);
    context.with(active, next);
  };
}
