import Negotiator from "negotiator";

export const GRAPHQL_RESPONSE_JSON = "application/graphql-response+json";
export const JSON_TYPE = "application/json";
export const EVENT_STREAM = "text/event-stream";

/**
 * The response type for an Accept header, as Apollo Server chooses it: application/json unless the
 * client prefers application/graphql-response+json (or accepts only it); null when it accepts neither.
 */
export function responseMediaType(accept: string | undefined): typeof JSON_TYPE | typeof GRAPHQL_RESPONSE_JSON | null {
  if (!accept) return JSON_TYPE;
  return (new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_JSON]) as typeof JSON_TYPE | typeof GRAPHQL_RESPONSE_JSON | undefined) ?? null;
}

/** True when the client ranks text/event-stream above both JSON types (quality first, then order). */
export function prefersEventStream(accept: string | undefined): boolean {
  if (!accept) return false;
  return new Negotiator({ headers: { accept } }).mediaType([GRAPHQL_RESPONSE_JSON, JSON_TYPE, EVENT_STREAM]) === EVENT_STREAM;
}
