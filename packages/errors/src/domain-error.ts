import { GraphQLError } from "graphql";

/** The error codes a client of Floorgraph can rely on. */
export const ErrorCode = {
  BAD_USER_INPUT: "BAD_USER_INPUT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  UNAVAILABLE: "UNAVAILABLE",
  /** Over a rate limit (gateway): HTTP 429, with extensions.retryAfterSeconds. */
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode).filter((c) => c !== "INTERNAL_SERVER_ERROR"));
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
  /** Demand control (@floorgraph/demand): the operation's estimated cost is over the caller's budget. */
  COST_ESTIMATED_TOO_EXPENSIVE: "COST_ESTIMATED_TOO_EXPENSIVE",
} as const;

/** Codes Apollo Server itself produces for malformed requests; safe to show as they are. */
export const FRAMEWORK_CODES = new Set([
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
export const rateLimited = (message: string, retryAfterSeconds: number) => new DomainError("RATE_LIMITED", message, { retryAfterSeconds });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; a malformed one is the caller's mistake, not a missing row. */
export function assertId(id: string, what = "id"): string {
  if (!UUID.test(id)) throw badInput(`${what} '${id.slice(0, 64)}' is not a valid id`, { field: what });
  return id.toLowerCase();
}
export const isId = (id: string) => UUID.test(id);
