import { ROLES, type Identity, type Role } from "@floorgraph/auth";
import { z } from "@floorgraph/config";

/** What one principal may spend per window: requests, and estimated operation cost. */
export interface RatePolicy {
  requests: number;
  cost: number;
  windowSeconds: number;
}

/** A policy per role, and one for callers without a token (counted per client address). */
export type RateLimitSettings = Record<Role | "anonymous", RatePolicy>;

/**
 * Defaults: generous for staff (a dashboard and the explorer on one login), tighter for partners,
 * tightest for anonymous callers, who can do little but log in. Costs are in the units of the
 * gateway's cost estimate (a single operation may cost up to MAX_COST).
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  ADMIN: { requests: 3000, cost: 1_000_000, windowSeconds: 60 },
  SUPERVISOR: { requests: 3000, cost: 1_000_000, windowSeconds: 60 },
  OPERATOR: { requests: 3000, cost: 1_000_000, windowSeconds: 60 },
  PICKER: { requests: 3000, cost: 1_000_000, windowSeconds: 60 },
  VIEWER: { requests: 3000, cost: 1_000_000, windowSeconds: 60 },
  PARTNER: { requests: 600, cost: 200_000, windowSeconds: 60 },
  anonymous: { requests: 300, cost: 20_000, windowSeconds: 60 },
};

const policySchema = z.object({
  requests: z.number().int().min(1).max(10_000_000),
  cost: z.number().int().min(1).max(1_000_000_000),
  windowSeconds: z.number().int().min(1).max(86_400).default(60),
});
const settingsSchema = z.partialRecord(z.enum([...ROLES, "anonymous"]), policySchema).default({});

/**
 * RATE_LIMITS: "off" (no limits), or JSON overriding the defaults per role and for "anonymous",
 * e.g. {"PARTNER":{"requests":100,"cost":50000,"windowSeconds":60}}; unset: the defaults.
 */
export const rateLimitsEnv = z
  .string()
  .optional()
  .transform((value, ctx): RateLimitSettings | null => {
    if (value === undefined || value.trim() === "") return DEFAULT_RATE_LIMITS;
    if (value.trim().toLowerCase() === "off") return null;
    let json: unknown;
    try {
      json = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: "custom", message: 'must be "off" or JSON such as {"PARTNER":{"requests":100,"cost":50000}}' });
      return z.NEVER;
    }
    const parsed = settingsSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: `${issue.path.join(".")}: ${issue.message}` });
      return z.NEVER;
    }
    return { ...DEFAULT_RATE_LIMITS, ...parsed.data };
  });

/** The policy for a caller: its partner's override (from the token), else its role's, else anonymous. */
export function policyFor(identity: Identity | null, settings: RateLimitSettings): RatePolicy {
  if (!identity) return settings.anonymous;
  if (identity.rateLimit) return { requests: identity.rateLimit.requestsPerMinute, cost: identity.rateLimit.costPerMinute, windowSeconds: 60 };
  return settings[identity.role];
}

/** Whose budget a request spends: the API key, the user, or (no token) the client's address. */
export function principalOf(identity: Identity | null, address: string | undefined): string {
  if (!identity) return `ip:${address ?? "unknown"}`;
  if (identity.kind === "api-key") return `key:${identity.apiKeyId ?? identity.userId}`;
  return `user:${identity.userId}`;
}
