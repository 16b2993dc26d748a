import { describe, expect, it } from "vitest";
import { baseEnvSchema, ConfigError, envBoolean, envPort, parseEnv, z } from "./index.ts";

const schema = baseEnvSchema.extend({ PORT: envPort(4000), FLAG: envBoolean(false), URL: z.string().url() });

describe("parseEnv", () => {
  it("applies defaults and coerces values", () => {
    expect(parseEnv(schema, { URL: "http://x", PORT: "0", FLAG: "yes" })).toEqual({ NODE_ENV: "development", LOG_LEVEL: "info", PORT: 0, FLAG: true, URL: "http://x" });
  });

  it("lists every problem at once", () => {
    try {
      parseEnv(schema, { PORT: "70000", URL: "not a url", LOG_LEVEL: "loud" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(":")[0])).toEqual(["LOG_LEVEL", "PORT", "URL"]);
    }
  });
});
