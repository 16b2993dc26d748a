import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Requests between Floorgraph's own processes (gateway → subgraph, subgraph → peer subgraph) carry
 * `x-floorgraph-signature: t=<unix ms>,v1=<hex HMAC-SHA256(secret, "<t>." + rawBody)>`. A subgraph
 * answers only signed requests, so a client that reaches a subgraph port directly gets nothing but
 * a 401: the gateway's edge checks and limits cannot be bypassed.
 */
export const SIGNATURE_HEADER = "x-floorgraph-signature";

/** How far a signature's timestamp may lie from the verifier's clock (replay window), either way. */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

/** The shortest secret accepted: HMAC-SHA256 wants at least 256 bits of key. */
export const MIN_SIGNING_SECRET_LENGTH = 32;

const hmac = (secret: string, timestamp: number, body: string | Buffer) => createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");

/** The header value signing `body` (the exact bytes sent) with `secret` at `now` (ms). */
export function signRequestBody(body: string, secret: string, now: number = Date.now()): string {
  const t = Math.floor(now);
  return `t=${t},v1=${hmac(secret, t, body)}`;
}

/**
 * Whether `header` signs `rawBody` with one of `secrets` (rotation: every listed secret verifies),
 * within the replay window around `now`. Never throws; compares in constant time.
 */
export function verifyRequestSignature(header: string | string[] | undefined, rawBody: string | Buffer, secrets: readonly string[], now: number = Date.now()): boolean {
  if (typeof header !== "string" || header.length > 512) return false;
  const parts = new Map<string, string[]>();
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return false;
    const key = part.slice(0, eq).trim();
    parts.set(key, [...(parts.get(key) ?? []), part.slice(eq + 1).trim()]);
  }
  const t = parts.get("t");
  if (t?.length !== 1 || !/^\d{1,16}$/.test(t[0] as string)) return false;
  const timestamp = Number(t[0]);
  if (Math.abs(now - timestamp) > SIGNATURE_TOLERANCE_MS) return false;
  const given = (parts.get("v1") ?? []).filter((v) => /^[0-9a-f]{64}$/.test(v)).map((v) => Buffer.from(v, "hex"));
  if (!given.length) return false;
  let ok = false;
  // Every secret and every candidate is compared, so the time taken says nothing about which matched.
  for (const secret of secrets) {
    const expected = Buffer.from(hmac(secret, timestamp, rawBody), "hex");
    for (const candidate of given) ok = timingSafeEqual(expected, candidate) || ok;
  }
  return ok;
}

/**
 * graphql-ws has no request body to sign: the gateway signs its connection_init instead, putting
 * `signature` (the header format above) in the connection params over this canonical string, which
 * binds the signature to the token the socket will act with.
 */
export function socketSignaturePayload(authorization: string | undefined): string {
  return `graphql-ws\n${authorization ?? ""}`;
}

/** The close reason (code 4401) of a socket whose connection_init was not signed: not worth retrying. */
export const UNSIGNED_SOCKET_REASON = "Unauthorized: this service answers only sockets signed by the gateway";
