import { z } from "zod";

/** One environment variable as the configuration reference shows it. */
export interface EnvVariable {
  name: string;
  /** The default as written in an environment (`""` for an empty string); undefined when there is none. */
  default: string | undefined;
  description: string;
  /** One of a closed set of values, when the schema says so. */
  values?: string[];
}

interface JsonProperty {
  default?: unknown;
  description?: string;
  enum?: unknown[];
}

/**
 * The variables of an environment schema, read from its JSON Schema (zod's own rendering, so the
 * reference cannot drift from what is parsed). A variable without a description is an error: the
 * reference would show an empty line, and a setting nobody can find is a setting nobody can use.
 */
export function describeEnv(schema: z.ZodType): EnvVariable[] {
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as { properties?: Record<string, JsonProperty> };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    if (!property.description) throw new Error(`${name} has no description: add .describe(…) where it is declared`);
    return {
      name,
      default: property.default === undefined ? undefined : String(property.default),
      description: property.description,
      ...(property.enum ? { values: property.enum.map(String) } : {}),
    };
  });
}
