import type { RequestHandler, Response } from "express";
import { LRUCache } from "lru-cache";
import type { Identity } from "@floorgraph/auth";
import type { Logger } from "@floorgraph/logger";

/** Looks a partner's registered document up by hash (through the users subgraph, as the caller). */
export type DocumentLookup = (hash: string, authorization: string, identity: Identity) => Promise<string | null>;

const SHA256 = /^[0-9a-f]{64}$/i;
/** Registered documents never change (a hash is its body), so found ones stay until evicted. */
const FOUND_TTL_MS = 60 * 60_000;
/** Unknown hashes are remembered briefly, so a just-registered document is found within seconds. */
const MISSING_TTL_MS = 5_000;

interface Body {
  query?: unknown;
  documentId?: unknown;
  doc_id?: unknown;
  extensions?: { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } & Record<string, unknown>;
}

const answer = (res: Response, status: number, code: string, message: string) =>
  void res.status(status).json({ errors: [{ message, extensions: { code } }] });

/** The document id of a request: Relay/trusted-documents `documentId` or `doc_id`, or Apollo's persisted-query hash. */
function documentIdOf(body: Body): string | undefined {
  const id = body.documentId ?? body.doc_id ?? body.extensions?.persistedQuery?.sha256Hash;
  return typeof id === "string" ? id.replace(/^sha256:/, "").toLowerCase() : undefined;
}

/**
 * Trusted documents for partners (HTTP POST). A partner's caller may send a registered document by
 * hash (`documentId`, `doc_id` or `extensions.persistedQuery.sha256Hash`): the gateway puts the
 * body in place from a bounded LRU cache, or from the users subgraph with the caller's own token,
 * so only the caller's partner's documents are found. A key in registered-only mode gets FORBIDDEN
 * for a free-form query (or a GET), and PERSISTED_QUERY_NOT_FOUND for a hash not registered for
 * its partner; other callers' unknown hashes go on to automatic persisted queries. A `documentId`
 * from a staff or anonymous caller is treated as an APQ hash.
 */
export function trustedDocuments(lookup: DocumentLookup, options: { logger: Logger; maxEntries?: number }): RequestHandler {
  const cache = new LRUCache<string, string | false>({ max: options.maxEntries ?? 5_000, maxSize: 50_000_000, sizeCalculation: (v) => (v ? v.length : 1) + 100 });
  return async (req, res, next) => {
    try {
      const identity = req.identity ?? null;
      const strict = identity?.registeredOperationsOnly === true;
      if (req.method !== "POST") {
        if (strict) return answer(res, 403, "FORBIDDEN", "This API key runs registered operations only: POST them by documentId");
        return next();
      }
      const body = req.body as Body | undefined;
      if (!body || typeof body !== "object" || Array.isArray(body)) return next();
      const hash = documentIdOf(body);
      if (hash === undefined) {
        if (strict) return answer(res, 403, "FORBIDDEN", "This API key runs registered operations only: send a registered document's hash as documentId instead of a query");
        return next();
      }
      const partnerId = identity?.partnerId;
      const authorization = req.headers.authorization;
      if (!partnerId || !authorization || !SHA256.test(hash)) {
        if (strict) return answer(res, 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound");
        asApq(body, hash);
        return next();
      }
      const key = `${partnerId}:${hash}`;
      let document = cache.get(key);
      if (document === undefined) {
        let found: string | null;
        try {
          found = await lookup(hash, authorization, identity);
        } catch (error) {
          options.logger.warn({ err: error }, "resolving a registered operation failed");
          return answer(res, 503, "UNAVAILABLE", "Registered operations cannot be looked up right now; retry");
        }
        document = found ?? false;
        cache.set(key, document, { ttl: found ? FOUND_TTL_MS : MISSING_TTL_MS });
      }
      if (document) {
        body.query = document;
        delete body.documentId;
        delete body.doc_id;
        if (body.extensions) delete body.extensions.persistedQuery;
        return next();
      }
      if (strict || body.documentId !== undefined || body.doc_id !== undefined) {
        return answer(res, 200, "PERSISTED_QUERY_NOT_FOUND", "PersistedQueryNotFound");
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** A Relay-style id becomes an APQ hash, which Apollo Server resolves from its cache. */
function asApq(body: Body, hash: string): void {
  if (body.documentId === undefined && body.doc_id === undefined) return;
  delete body.documentId;
  delete body.doc_id;
  body.extensions = { ...body.extensions, persistedQuery: { version: 1, sha256Hash: hash } };
}
