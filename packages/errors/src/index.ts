import type { GraphQLFormattedError } from "graphql";
import { badInput, conflict, DomainError, ErrorCode, FRAMEWORK_CODES, LimitCode, PUBLIC_CODES } from "./domain-error.ts";

export * from "./domain-error.ts";

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
    if (code === "BAD_USER_INPUT" && extensions.field === undefined) {
      const field = coercionField(formatted.message);
      if (field) extensions.field = field;
    }
    return { ...formatted, extensions };
  }
  onInternal?.(error);
  // A value the database refused that no service check caught: still the caller's input, not a fault.
  const refused = refusedValue(error);
  if (refused) {
    return {
      message: refused.message,
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { ...refused.extensions },
    };
  }
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

/**
 * Prisma's request codes that mean the database refused a value as given (too long for its column,
 * out of range): the caller's input, not the service's fault.
 */
const PRISMA_BAD_VALUE = new Set(["P2000", "P2020", "P2033"]);
/**
 * PostgreSQL's SQLSTATEs for values a caller can send: too long, out of range, impossible dates,
 * NUL and other bytes text cannot hold, check constraints. Not 22P02 (a malformed uuid or enum):
 * GraphQL's types and assertId keep callers from those, so one is the service's own fault.
 */
const BAD_VALUE_STATES = new Set(["22001", "22003", "22007", "22008", "22021", "22P05", "23514"]);
const isBadValueState = (state: string) => BAD_VALUE_STATES.has(state);

/** A unique constraint refused the write (Prisma P2002): e.g. another request won a race. */
export const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";
/** The row a conditional update or delete matched is gone (Prisma P2025): e.g. changed meanwhile. */
export const isRecordMissing = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2025";

/** The database's own SQLSTATE under a Prisma error (driver adapters carry it as originalCode). */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } }; cause?: { originalCode?: unknown; code?: unknown } } | null;
  const cause = e?.meta?.driverAdapterError?.cause ?? e?.cause;
  const state = cause?.originalCode ?? cause?.code;
  return typeof state === "string" && /^[0-9A-Z]{5}$/.test(state) ? state : undefined;
}

/**
 * Maps Prisma/database errors that are the caller's doing: unique violations to CONFLICT, missing
 * rows to NOT_FOUND, values the database refuses (too long, out of range, NUL bytes, impossible
 * dates, check constraints) to BAD_USER_INPUT naming `context.field` or the column. Anything else
 * is returned as is (and masked as an internal error when thrown).
 */
export function fromPrismaError(error: unknown, context: { unique?: string; notFound?: string; field?: string } = {}): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (isUniqueViolation(error)) return conflict(context.unique ?? "A record with the same unique value already exists");
  if (isRecordMissing(error)) return new DomainError("NOT_FOUND", context.notFound ?? "The record was not found");
  const state = sqlStateOf(error);
  if ((typeof code === "string" && PRISMA_BAD_VALUE.has(code)) || (state && isBadValueState(state))) {
    const meta = (error as { meta?: { column_name?: unknown; driverAdapterError?: { cause?: { column?: unknown } } } }).meta;
    const column = meta?.column_name ?? meta?.driverAdapterError?.cause?.column;
    const field = context.field ?? (typeof column === "string" ? column : undefined);
    // The database's own message may name tables and constraints; the caller gets a fixed one.
    return badInput(`${field ?? "A value"} was refused as invalid: ${BAD_VALUE_REASONS[state ?? ""] ?? "it is too long, out of range or not a valid value"}`, field ? { field } : undefined);
  }
  return error;
}

const BAD_VALUE_REASONS: Record<string, string> = {
  "22001": "it is too long",
  "22003": "it is out of range",
  "22007": "it is not a valid date or time",
  "22008": "it is not a valid date or time",
  "22021": "it contains a NUL character or an invalid byte sequence",
  "22P05": "it contains a character the database cannot store",
  "23514": "it breaks a rule on that value",
};

/** The BAD_USER_INPUT a database refusal under `error` (or the resolver error it caused) amounts to, if any. */
function refusedValue(error: unknown): DomainError | null {
  for (const candidate of [error, (error as { originalError?: unknown } | null)?.originalError]) {
    if (!candidate || candidate instanceof DomainError) continue;
    if (isUniqueViolation(candidate) || isRecordMissing(candidate)) continue; // their meaning depends on the operation
    const mapped = fromPrismaError(candidate);
    if (mapped instanceof DomainError) return mapped;
  }
  return null;
}

/**
 * Where a variable's value failed GraphQL's own coercion (wrong type, impossible date, Int out of
 * range), graphql-js names it only in the message: `Variable "$input" got invalid value … at
 * "input.lines[0].quantity"; …`. This reads that path back so the error names its field like ours do.
 */
export function coercionField(message: string): string | undefined {
  if (!message.startsWith('Variable "$')) return undefined;
  const at = /at "([A-Za-z_][\w.[\]]*)"; /.exec(message);
  if (at) return at[1];
  return /^Variable "\$([A-Za-z_]\w*)"/.exec(message)?.[1];
}
export * from "./input.ts";
