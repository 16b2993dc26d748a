import { GraphQLError } from "graphql";
import type { Logger } from "@floorgraph/logger";
import { trustedDocuments, type DocumentLookup } from "../access/trusted-documents.ts";
import type { GatewayPlugin } from "./types.ts";

/**
 * Trusted documents. Over HTTP a partner's caller may POST a registered document by hash, put in
 * place before Apollo Server reads the body (access/trusted-documents.ts; only with Floorgraph's
 * authentication, `lookup`); automatic persisted queries are Apollo Server's. Sockets and streams
 * carry no hashes: an API key in registered-only mode is refused there (FORBIDDEN) before it counts.
 */
export function useTrustedDocuments(lookup: DocumentLookup | null, logger: Logger): GatewayPlugin {
  return {
    name: "trusted-documents",
    onRequest(caller, transport) {
      if (transport === "http" || !caller.identity?.registeredOperationsOnly) return null;
      const error = new GraphQLError("This API key runs registered operations only, over HTTP POST by documentId", { extensions: { code: "FORBIDDEN" } });
      return { refusal: { error, status: 403, headers: {} } };
    },
    ...(lookup ? { httpHandlers: [trustedDocuments(lookup, { logger })] } : {}),
  };
}
