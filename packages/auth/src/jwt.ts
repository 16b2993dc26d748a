import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { unauthenticated } from "@floorgraph/errors";
import { ROLES, type Identity, type Role } from "./roles.ts";

export const JWT_ISSUER = "floorgraph";
export const JWT_AUDIENCE = "floorgraph-api";

export interface JwtSettings {
  /** HS256 secret shared by the users subgraph (which signs) and every verifier; at least 32 characters. */
  secret: string;
  /** Token lifetime in seconds. */
  ttlSeconds?: number;
}

const keyCache = new Map<string, Uint8Array>();
const keyOf = (secret: string) => {
  let key = keyCache.get(secret);
  if (!key) keyCache.set(secret, (key = new TextEncoder().encode(secret)));
  return key;
};

export async function signToken(identity: Identity, settings: JwtSettings): Promise<{ token: string; expiresAt: Date }> {
  const ttl = settings.ttlSeconds ?? 8 * 3600;
  const expiresAt = new Date(Math.floor(Date.now() / 1000 + ttl) * 1000);
  const token = await new SignJWT({
    email: identity.email,
    role: identity.role,
    pid: identity.partnerId,
    scp: identity.scopes,
    knd: identity.kind,
    // Access limits (gateway): the key's id, the partner's rate limit, registered-operations-only.
    ...(identity.apiKeyId ? { akid: identity.apiKeyId } : {}),
    ...(identity.rateLimit ? { rlm: [identity.rateLimit.requestsPerMinute, identity.rateLimit.costPerMinute] } : {}),
    ...(identity.registeredOperationsOnly ? { rop: true } : {}),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(identity.userId)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(keyOf(settings.secret));
  return { token, expiresAt };
}

/** Verifies signature, issuer, audience and expiry; any failure is UNAUTHENTICATED with a reason a client can act on. */
export async function verifyToken(token: string, settings: JwtSettings): Promise<Identity> {
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
      ...accessClaims(payload),
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated("Token has expired; log in again");
    if (error instanceof joseErrors.JOSEError) throw unauthenticated("Token is invalid");
    throw error;
  }
}

/** The gateway's access-limit claims (see signToken), ignored when malformed. */
function accessClaims(payload: Record<string, unknown>): Pick<Identity, "apiKeyId" | "rateLimit" | "registeredOperationsOnly"> {
  const rlm = payload.rlm;
  const limit = Array.isArray(rlm) && rlm.length === 2 && rlm.every((n) => Number.isInteger(n) && n > 0) ? { requestsPerMinute: rlm[0] as number, costPerMinute: rlm[1] as number } : null;
  return {
    ...(typeof payload.akid === "string" ? { apiKeyId: payload.akid } : {}),
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
