export const ROLES = ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "PARTNER", "VIEWER"] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified token. Never built from an unverified header. */
export interface Identity {
  userId: string;
  email: string;
  role: Role;
  /** Set for partner users and partner API keys: their data is limited to this organisation. */
  partnerId: string | null;
  /** Partner API key scopes (e.g. "orders:write"); empty for interactive users. */
  scopes: string[];
  /** How the caller proved itself. */
  kind: "user" | "api-key";
  /** When the token proving it expires (long-lived connections end then). */
  expiresAt?: Date;
  /** When the token was issued, to the millisecond (revocations end tokens issued before them). */
  issuedAt?: Date;
  /** The login session (refresh-token family) the token belongs to; absent for API-key tokens. */
  sessionId?: string | null;
  /** The API key a token was exchanged for (kind "api-key"): revocations end its tokens, and it is its own rate-limit principal. */
  apiKeyId?: string | null;
  /** The partner's rate-limit override, carried so the gateway needs no lookup (null: the role's default). */
  rateLimit?: RateLimitOverride | null;
  /** An API key that may run only its partner's registered (trusted) operations. */
  registeredOperationsOnly?: boolean;
}

export interface RateLimitOverride {
  requestsPerMinute: number;
  costPerMinute: number;
}

/** Staff who may see every partner's data. */
export const STAFF_ROLES: readonly Role[] = ["ADMIN", "SUPERVISOR", "OPERATOR", "PICKER", "VIEWER"];
export const isStaff = (identity: Identity) => STAFF_ROLES.includes(identity.role);
