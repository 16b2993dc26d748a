import { z } from "zod";

export { z };

/** pino's levels; LOG_LEVEL takes one of them. */
export const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Fields every Floorgraph process understands; services extend this shape. */
export const baseEnvSchema = z.object({
  NODE_ENV: z
    .enum(["development", "test", "production"])
    .default("development")
    .describe("`production` demands real secrets, never seeds demo data and limits introspection"),
  LOG_LEVEL: logLevel.default("info").describe("pino level of the JSON logs"),
});

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment record once, failing with every problem listed rather than the first. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
  }
  return result.data;
}

/** A boolean env var: "1", "true", "yes" are true; anything else set is false. */
export const envBoolean = (fallback: boolean) =>
  z
    .string()
    .default(String(fallback))
    .transform((v) => (v === "" ? fallback : ["1", "true", "yes", "on"].includes(v.toLowerCase())));

/** A TCP port; 0 asks the OS for a free one (tests). */
export const envPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export { describeEnv, type EnvVariable } from "./env-docs.ts";
