import { z } from "@floorgraph/config";
import { DEFAULT_ACCESS, type AccessSettings } from "./index.ts";
import { rateLimitsEnv } from "./policy.ts";

/** The access settings' environment variables (the gateway's and `npm start`'s; see README, Configuration). */
export const accessEnvShape = {
  RATE_LIMITS: rateLimitsEnv.describe(
    'per-role budgets as JSON (`{"PARTNER":{"requests":100,"cost":50000,"windowSeconds":60}}`, keys: roles and `anonymous`), or `off`; unset: the defaults in README, Rate limits',
  ),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .optional()
    .describe("the gateway's one Redis: revocations arrive from it; rate-limit counters and automatic persisted queries are shared through it; unset: memory, this instance only"),
  GATEWAY_REDIS_PREFIX: z.string().min(1).default(DEFAULT_ACCESS.redisPrefix).describe("prefix of the gateway's Redis keys (instances sharing budgets use the same)"),
  APQ_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(DEFAULT_ACCESS.apqTtlSeconds).describe("how long an automatic persisted query is kept"),
};

const accessEnv = z.object(accessEnvShape);

export function accessSettingsFrom(parsed: z.output<typeof accessEnv>, nodeEnv: string): AccessSettings {
  return {
    rateLimits: parsed.RATE_LIMITS,
    redisPrefix: parsed.GATEWAY_REDIS_PREFIX,
    production: nodeEnv === "production",
    apqTtlSeconds: parsed.APQ_TTL_SECONDS,
  };
}
