import { formatAnyError, formatError } from "@floorgraph/errors";
import type { Logger } from "@floorgraph/logger";
import type { GatewayPlugin } from "./types.ts";

/**
 * Internal details never reach a client, whatever the transport: an error without one of the
 * domain codes (@floorgraph/errors) is logged and answered INTERNAL_SERVER_ERROR with a generic
 * message, over HTTP and socket queries (Apollo Server's formatError) and in subscription events.
 */
export function useErrorMasking(logger: Logger): GatewayPlugin {
  return {
    name: "error-masking",
    formatError: (formatted, error) => formatError(formatted, error, (internal) => logger.error({ err: internal }, "unhandled gateway error")),
    formatErrors: (errors) => errors.map((e) => formatAnyError(e, (internal) => logger.error({ err: internal }, "unhandled subscription error"))),
  };
}
