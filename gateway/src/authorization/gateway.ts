import { createHash } from "node:crypto";
import type { ApolloGateway } from "@apollo/gateway";
import { Kind, print } from "graphql";
import type { GatewayContext } from "../context.ts";
import type { Authorizer } from "./index.ts";

type LoadResult = Awaited<ReturnType<ApolloGateway["load"]>>;
type Executor = NonNullable<LoadResult["executor"]>;

/**
 * @apollo/gateway behind the supergraph's authorization, as Apollo Server sees it: every operation
 * (HTTP, and queries and mutations over sockets, which run through Apollo Server too) is authorised
 * for its caller after validation and before planning. Unauthorised fields are removed, the rest is
 * planned and run as usual (a changed operation is planned under its own hash), and the removed
 * fields answer null with their errors; when nothing is left, the answer is the errors and no
 * subgraph is asked anything.
 */
export function authorizingGateway(gateway: ApolloGateway, authorizer: Authorizer) {
  return {
    onSchemaLoadOrUpdate: (callback: Parameters<ApolloGateway["onSchemaLoadOrUpdate"]>[0]) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options: Parameters<ApolloGateway["load"]>[0]): Promise<LoadResult> {
      const loaded = await gateway.load(options);
      const execute = loaded.executor;
      if (!execute) return loaded;
      const executor: Executor = async (requestContext) => {
        const identity = (requestContext.context as Partial<GatewayContext>).identity ?? null;
        const authorized = authorizer.authorize(requestContext.schema, requestContext.document, requestContext.request.operationName, identity);
        if (!authorized.changed) return execute(requestContext);
        if (!authorized.document) return authorized.refusal() as never;
        const source = print(authorized.document);
        const queryHash = createHash("sha256").update(source).digest("hex");
        const operation = authorized.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) ?? requestContext.operation;
        const result = await execute({ ...requestContext, document: authorized.document, source, queryHash, operation: operation as typeof requestContext.operation });
        return authorized.complete(result);
      };
      return { ...loaded, executor };
    },
  };
}
