import { z } from "@floorgraph/config";
import { DEFAULT_ACCESS_TOKEN_TTL_SECONDS, MAX_ACCESS_TOKEN_TTL_SECONDS } from "./token-lifetime.ts";

/** Only for development: production refuses to start without SUBGRAPH_SIGNING_SECRETS of its own. */
export const DEV_SIGNING_SECRET = "floorgraph-development-only-signing-secret-do-not-deploy";

const SECRET_MIN = 32;

/** The secrets that sign requests to subgraphs: the gateway signs, every subgraph verifies. */
export const signingEnvShape = {
  SUBGRAPH_SIGNING_SECRETS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean))
    .refine((secrets) => secrets.every((s) => s.length >= SECRET_MIN), `every secret must be at least ${SECRET_MIN} characters`)
    .describe(
      "comma-separated, each ≥ 32 chars: the first signs requests to subgraphs, any verifies (rotation: add the new one first, drop the old later); **required** when `NODE_ENV=production`; unset: a development secret (`npm start`: a random one kept in `.data/signing-secret`)",
    ),
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

/**
 * A secret that is a published placeholder: the development secrets, or one marked `change-me` (the
 * defaults of docker-compose.yml and deploy/k8s/secret.example.yaml). Production refuses them.
 */
export const isPlaceholderSecret = (secret: string): boolean =>
  /change-?me/i.test(secret) || secret === DEV_SIGNING_SECRET || secret === "floorgraph-development-only-secret-do-not-deploy";

/** For a schema's superRefine: production refuses a placeholder JWT_SECRET or signing secret. */
export function refusePlaceholderSecretsInProduction(
  env: { NODE_ENV: string; JWT_SECRET?: string | undefined; SUBGRAPH_SIGNING_SECRETS: string[] },
  ctx: z.RefinementCtx,
): void {
  if (env.NODE_ENV !== "production") return;
  if (env.JWT_SECRET && isPlaceholderSecret(env.JWT_SECRET)) {
    ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is a published placeholder (change-me, the development secret): set a secret of your own when NODE_ENV=production" });
  }
  if (env.SUBGRAPH_SIGNING_SECRETS.some(isPlaceholderSecret)) {
    ctx.addIssue({ code: "custom", path: ["SUBGRAPH_SIGNING_SECRETS"], message: "holds a published placeholder (change-me, the development secret): set secrets of your own when NODE_ENV=production" });
  }
}

/** The token secret: the users service signs, the gateway and every subgraph verify. */
export const jwtSecretEnvShape = {
  JWT_SECRET: z
    .string()
    .min(32, "JWT_SECRET must be at least 32 characters")
    .optional()
    .describe(
      "HS256 secret of access tokens, ≥ 32 chars; **required** when `NODE_ENV=production`; unset: a development secret (`npm start`: a random one kept in `.data/jwt-secret`; the gateway then leaves token checks to the subgraphs)",
    ),
};

/** The lifetime of the tokens the users service issues. */
export const tokenTtlEnvShape = {
  ACCESS_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(30)
    .max(MAX_ACCESS_TOKEN_TTL_SECONDS)
    .default(DEFAULT_ACCESS_TOKEN_TTL_SECONDS)
    .describe(`access-token (and API-key token) lifetime, 30–${MAX_ACCESS_TOKEN_TTL_SECONDS} s`),
};
