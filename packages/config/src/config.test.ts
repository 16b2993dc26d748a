import { describe, expect, it } from "vitest";
import { baseEnvSchema, ConfigError, describeEnv, envBoolean, envPort, parseEnv, z } from "./index.ts";

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

describe("describeEnv", () => {
  it("reads names, defaults and descriptions from the schema itself", () => {
    const documented = z.object({ PORT: envPort(4000).describe("where to listen"), FLAG: envBoolean(true).describe("a switch"), LEVEL: z.enum(["a", "b"]).default("a").describe("one of two") });
    expect(describeEnv(documented)).toEqual([
      { name: "PORT", default: "4000", description: "where to listen" },
      { name: "FLAG", default: "true", description: "a switch" },
      { name: "LEVEL", default: "a", description: "one of two", values: ["a", "b"] },
    ]);
  });

  it("refuses a variable nobody described", () => {
    expect(() => describeEnv(z.object({ SECRET_KNOB: z.string().optional() }))).toThrow(/SECRET_KNOB has no description/);
  });
});

describe("envBoolean", () => {
  it("takes its fallback when unset or empty, and true only for yes-like words", () => {
    const flag = z.object({ F: envBoolean(true) });
    expect(parseEnv(flag, {}).F).toBe(true);
    expect(parseEnv(flag, { F: "" }).F).toBe(true);
    expect(parseEnv(flag, { F: "off" }).F).toBe(false);
    expect(parseEnv(flag, { F: "YES" }).F).toBe(true);
  });
});
