import { GraphQLError, type GraphQLFormattedError } from "graphql";

/** The error codes a client of Floorgraph can rely on. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== "INTERNAL_SERVER_ERROR"));
/**
 * Refusals by the gateway's abuse limits (docs in the README's "Limits"): the request was well-formed
 * but exceeded a budget, so the client may retry with a smaller or fewer operations.
 */
export const LimitCode = {
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  OPERATION_TIMEOUT: "OPERATION_TIMEOUT",
  RESPONSE_TOO_LARGE: "RESPONSE_TOO_LARGE",
  TOO_MANY_SUBSCRIPTIONS: "TOO_MANY_SUBSCRIPTIONS",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
} as const;

/** Codes Apollo Server itself produces for malformed requests; safe to show as they are. */
const FRAMEWORK_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
  "BAD_REQUEST",
  ...Object.values(LimitCode),
]);

/** A failure the domain knows about; its message is written for the client. */
export class DomainError extends GraphQLError {
  constructor(code: Exclude<ErrorCode, "INTERNAL_SERVER_ERROR">, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
    this.name = "DomainError";
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) =>
  new DomainError("BAD_USER_INPUT", message, details);
export const notFound = (what: string, id: string) => new DomainError("NOT_FOUND", `${what} ${id} was not found`);
export const unauthenticated = (message = "Authentication required: send a valid token as 'Authorization: Bearer <token>'") =>
  new DomainError("UNAUTHENTICATED", message);
export const forbidden = (message: string) => new DomainError("FORBIDDEN", message);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError("CONFLICT", message, details);
export const unavailable = (message: string) => new DomainError("UNAVAILABLE", message);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; a malformed one is the caller's mistake, not a missing row. */
export function assertId(id: string, what = "id"): string {
  if (!UUID.test(id)) throw badInput(`${what} '${id.slice(0, 64)}' is not a valid id`, { field: what });
  return id.toLowerCase();
}
export const isId = (id: string) => UUID.test(id);

/**
 * Apollo Server's formatError: known codes pass through; anything else becomes an opaque
 * INTERNAL_SERVER_ERROR so stack traces, SQL and driver messages never reach a client.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal?: (error: unknown) => void,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === "string" && (PUBLIC_CODES.has(code) || FRAMEWORK_CODES.has(code))) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onInternal?.(error);
  return {
    message: "Internal server error",
    ...(formatted.path ? { path: formatted.path } : {}),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * formatError for anything thrown or carried in a result's `errors` (a GraphQLError of either
 * graphql build, a formatted error from a subgraph, or any Error): the same masking.
 */
export function formatAnyError(error: unknown, onInternal?: (error: unknown) => void): GraphQLFormattedError {
  const e = error as { toJSON?: unknown; message?: unknown; extensions?: Record<string, unknown>; path?: readonly (string | number)[] } | null;
  const formatted: GraphQLFormattedError =
    typeof e?.toJSON === "function"
      ? (e.toJSON as () => GraphQLFormattedError)()
      : { message: typeof e?.message === "string" ? e.message : String(error), ...(e?.extensions ? { extensions: e.extensions } : {}), ...(e?.path ? { path: e.path } : {}) };
  return formatError(formatted, error, onInternal);
}

/** Prisma's known request errors carry a P-code; map the ones that are the caller's doing. */
export function fromPrismaError(error: unknown, context: { unique?: string; notFound?: string } = {}): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "P2002") return conflict(context.unique ?? "A record with the same unique value already exists");
  if (code === "P2025") return new DomainError("NOT_FOUND", context.notFound ?? "The record was not found");
  return error;
}
