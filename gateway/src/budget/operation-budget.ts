import { AsyncLocalStorage } from "node:async_hooks";
import { ApolloGateway } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { LimitCode } from "@floorgraph/errors";
import type { GatewayContext } from "../context.ts";
import { jsonExceeds } from "./json-size.ts";

export interface OperationBudget {
  /** An operation still running after this long is abandoned and answered OPERATION_TIMEOUT. */
  timeoutMs: number;
  /** A result larger than this (JSON bytes) is answered RESPONSE_TOO_LARGE instead of sent. */
  maxResponseBytes: number;
}

/** The running operation's abort signal: the subgraph fetcher passes it on, so abandoning an operation cancels its fetches. */
export const operationSignal = new AsyncLocalStorage<AbortSignal>();

type Executor = Awaited<ReturnType<ApolloGateway["load"]>>["executor"];
type ExecutionResult = Awaited<ReturnType<Executor>>;

/**
 * @apollo/gateway with a budget around every query and mutation it executes (HTTP and socket
 * alike, both run through Apollo Server): a deadline after which the client is answered and the
 * operation's in-flight subgraph fetches are aborted (as they are when the HTTP client goes away),
 * and a cap on the size of what is answered.
 */
export class BudgetedGateway extends ApolloGateway {
  /** replaceExecutor: another executor of the loaded plans in the place of @apollo/gateway's (GATEWAY_EXECUTOR). */
  constructor(
    config: ConstructorParameters<typeof ApolloGateway>[0],
    private readonly budget: OperationBudget,
    private readonly replaceExecutor?: Executor,
  ) {
    super(config);
  }

  override async load(options?: Parameters<ApolloGateway["load"]>[0]): ReturnType<ApolloGateway["load"]> {
    const loaded = await super.load(options);
    return { ...loaded, executor: this.budgeted(this.replaceExecutor ?? loaded.executor) };
  }

  private budgeted(executor: Executor): Executor {
    const { timeoutMs, maxResponseBytes } = this.budget;
    return async (requestContext) => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<ExecutionResult>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error("operation timeout"));
          resolve({ errors: [limitError(LimitCode.OPERATION_TIMEOUT, `The operation did not finish within ${timeoutMs} ms and was abandoned; ask for less or try again later`)] });
        }, timeoutMs);
      });
      try {
        // The executor is abandoned, not awaited, after the deadline: its fetches fail fast once aborted.
        const clientGone = (requestContext.context as Partial<GatewayContext>).clientGone;
        const signal = clientGone ? AbortSignal.any([controller.signal, clientGone]) : controller.signal;
        const result = await Promise.race([operationSignal.run(signal, () => executor(requestContext)), deadline]);
        if (jsonExceeds(result.data, maxResponseBytes)) {
          return { errors: [limitError(LimitCode.RESPONSE_TOO_LARGE, `The response would be larger than ${maxResponseBytes} bytes; ask for fewer items or fields`)] };
        }
        return result;
      } finally {
        clearTimeout(timer);
      }
    };
  }
}

const limitError = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });
