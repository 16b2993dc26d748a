import { z } from "zod";

/**
 * Settings every process on the gateway ↔ subgraph path shares: the secrets that sign requests to
 * subgraphs, and the operation limits both the gateway and each subgraph apply.
 */

/** Only for development: production refuses to start without SUBGRAPH_SIGNING_SECRETS of its own. */
export const DEV_SIGNING_SECRET = "floorgraph-development-only-signing-secret-do-not-deploy";

const SECRET_MIN = 32;

export const signingEnvShape = {
  /** Comma-separated; the first signs, every one verifies (rotation: add the new one first, drop the old one later). */
  SUBGRAPH_SIGNING_SECRETS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .refine((secrets) => secrets.every((s) => s.length >= SECRET_MIN), `every secret must be at least ${SECRET_MIN} characters`),
};

export interface SigningSettings {
  /** The first signs; any verifies. Never empty. */
  secrets: string[];
  usingDevSecret: boolean;
}

/** The signing secrets, falling back to the development secret outside production (parse with signingEnvShape). */
export function signingSettingsFrom(env: { NODE_ENV: string; SUBGRAPH_SIGNING_SECRETS: string[] }): SigningSettings {
  if (env.SUBGRAPH_SIGNING_SECRETS.length) return { secrets: env.SUBGRAPH_SIGNING_SECRETS, usingDevSecret: false };
  if (env.NODE_ENV === "production") throw new Error("SUBGRAPH_SIGNING_SECRETS is required when NODE_ENV=production");
  return { secrets: [DEV_SIGNING_SECRET], usingDevSecret: true };
}

/** For a schema's superRefine: production must name its own secrets. */
export function requireSigningSecretsInProduction(env: { NODE_ENV: string; SUBGRAPH_SIGNING_SECRETS: string[] }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === "production" && !env.SUBGRAPH_SIGNING_SECRETS.length) {
    ctx.addIssue({ code: "custom", path: ["SUBGRAPH_SIGNING_SECRETS"], message: "is required when NODE_ENV=production" });
  }
}

/** Depth, aliases, tokens and directives of one operation (cost is analysed separately). */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxDirectives: number;
}

/** Generous enough for any real dashboard query, and for the gateway's entity queries built from one. */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = { maxDepth: 15, maxAliases: 30, maxTokens: 10_000, maxDirectives: 50 };

export const operationLimitsEnvShape = {
  MAX_DEPTH: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxDepth),
  MAX_ALIASES: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxAliases),
  MAX_TOKENS: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxTokens),
  MAX_DIRECTIVES: z.coerce.number().int().positive().default(DEFAULT_OPERATION_LIMITS.maxDirectives),
};

export function operationLimitsFrom(env: { MAX_DEPTH: number; MAX_ALIASES: number; MAX_TOKENS: number; MAX_DIRECTIVES: number }): OperationLimits {
  return { maxDepth: env.MAX_DEPTH, maxAliases: env.MAX_ALIASES, maxTokens: env.MAX_TOKENS, maxDirectives: env.MAX_DIRECTIVES };
}
