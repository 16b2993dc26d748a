import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { unauthenticated } from "@floorgraph/errors";
import type { RevocationList } from "./revocation.ts";
import { ROLES, type Identity, type Role } from "./roles.ts";
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS } from "./token-lifetime.ts";

export const JWT_ISSUER = "floorgraph";
export const JWT_AUDIENCE = "floorgraph-api";
export { DEFAULT_ACCESS_TOKEN_TTL_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS } from "./token-lifetime.ts";

export interface JwtSettings {
  /** HS256 secret shared by the users subgraph (which signs) and every verifier; at least 32 characters. */
  secret: string;
  /** Token lifetime in seconds (default ACCESS_TOKEN_TTL_SECONDS, 900). */
  ttlSeconds?: number;
  /** Revoked sessions, users and API keys: verifyToken refuses their tokens (when this process has the list). */
  revocations?: RevocationList | null;
}

const keyCache = new Map<string, Uint8Array>();
const keyOf = (secret: string) => {
  let key = keyCache.get(secret);
  if (!key) keyCache.set(secret, (key = new TextEncoder().encode(secret)));
  return key;
};

/**
 * The claims a token carries for an identity: the one place token contents are decided, so that
 * every addition (session, API key, and whatever comes next) is made here and read in claimsToIdentity.
 */
function claimsOf(identity: Identity): Record<string, unknown> {
  return {
    email: identity.email,
    role: identity.role,
    pid: identity.partnerId,
    scp: identity.scopes,
    knd: identity.kind,
    ...(identity.sessionId ? { sid: identity.sessionId } : {}),
    // The API key's id (kind "api-key"): revocations end its tokens, and it is the key's own rate-limit principal.
    ...(identity.apiKeyId ? { kid: identity.apiKeyId } : {}),
    // Access limits (gateway): the partner's rate limit and registered-operations-only.
    ...(identity.rateLimit ? { rlm: [identity.rateLimit.requestsPerMinute, identity.rateLimit.costPerMinute] } : {}),
    ...(identity.registeredOperationsOnly ? { rop: true } : {}),
  };
}

export async function signToken(identity: Identity, settings: JwtSettings): Promise<{ token: string; expiresAt: Date }> {
  const ttl = settings.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  const now = Date.now();
  const expiresAt = new Date(Math.floor(now / 1000 + ttl) * 1000);
  const token = await new SignJWT(claimsOf(identity))
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(identity.userId)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    // A NumericDate may carry a fraction (RFC 7519 §2): to the millisecond, so that a revocation
    // ends the tokens issued before it and not one issued a moment after it in the same second.
    .setIssuedAt(now / 1000)
    .setExpirationTime(expiresAt)
    .sign(keyOf(settings.secret));
  return { token, expiresAt };
}

/**
 * Verifies signature, issuer, audience, expiry and (with a revocation list) that the token was not
 * revoked; any failure is UNAUTHENTICATED with a reason a client can act on.
 */
export async function verifyToken(token: string, settings: JwtSettings): Promise<Identity> {
  const identity = await decodeToken(token, settings);
  if (settings.revocations?.isRevoked(identity)) throw unauthenticated("Token has been revoked; log in again");
  return identity;
}

async function decodeToken(token: string, settings: JwtSettings): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, keyOf(settings.secret), {
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      algorithms: ["HS256"],
    });
    const role = payload.role as Role;
    if (typeof payload.sub !== "string" || !ROLES.includes(role) || typeof payload.email !== "string") {
      throw unauthenticated("Token is missing required claims");
    }
    return {
      userId: payload.sub,
      email: payload.email,
      role,
      partnerId: typeof payload.pid === "string" ? payload.pid : null,
      scopes: Array.isArray(payload.scp) ? payload.scp.filter((s): s is string => typeof s === "string") : [],
      kind: payload.knd === "api-key" ? "api-key" : "user",
      ...(typeof payload.exp === "number" ? { expiresAt: new Date(payload.exp * 1000) } : {}),
      ...(typeof payload.iat === "number" ? { issuedAt: new Date(Math.round(payload.iat * 1000)) } : {}),
      ...(typeof payload.sid === "string" ? { sessionId: payload.sid } : {}),
      ...(typeof payload.kid === "string" ? { apiKeyId: payload.kid } : {}),
      ...accessClaims(payload),
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated("Token has expired; log in again");
    if (error instanceof joseErrors.JOSEError) throw unauthenticated("Token is invalid");
    throw error;
  }
}

/** The gateway's access-limit claims (see signToken), ignored when malformed. */
function accessClaims(payload: Record<string, unknown>): Pick<Identity, "rateLimit" | "registeredOperationsOnly"> {
  const rlm = payload.rlm;
  const limit = Array.isArray(rlm) && rlm.length === 2 && rlm.every((n) => Number.isInteger(n) && n > 0) ? { requestsPerMinute: rlm[0] as number, costPerMinute: rlm[1] as number } : null;
  return {
    ...(limit ? { rateLimit: limit } : {}),
    ...(payload.rop === true ? { registeredOperationsOnly: true } : {}),
  };
}

/** Extracts the bearer token from an Authorization header value; undefined when absent. */
export function bearerToken(header: string | string[] | undefined | null): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (!match) throw unauthenticated("Authorization header must be 'Bearer <token>'");
  return match[1];
}
