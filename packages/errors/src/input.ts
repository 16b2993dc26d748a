import { z } from "zod";
import { badInput } from "./domain-error.ts";

/** `lines[2].skuCode`, optionally under a prefix: the form every BAD_USER_INPUT `field` takes. */
export function fieldPath(path: readonly PropertyKey[], prefix?: string): string {
  let out = prefix ?? "";
  for (const key of path) out = typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key);
  return out;
}

/**
 * Parses a mutation's input with a zod schema; the first problem becomes BAD_USER_INPUT naming the
 * field (`{field}` in a schema's message is replaced by that path, so one message fits every line).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0] as z.core.$ZodIssue;
  const field = fieldPath(issue.path, prefix) || prefix || "input";
  throw badInput(issue.message.replaceAll("{field}", field), { field });
}

/** PostgreSQL text cannot hold U+0000; refused here too for callers that bypass the GraphQL guard. */
const storable = (value: string) => !value.includes("\u0000");

/** Trimmed text of 1 to `max` characters. */
export const requiredText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: "{field} must not be empty" })
    .max(max, { error: `{field} must be at most ${max} characters` })
    .refine(storable, { error: "{field} must not contain a NUL (U+0000) character" });

/** Trimmed text of at most `max` characters; empty or missing is null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `{field} must be at most ${max} characters` })
    .refine(storable, { error: "{field} must not contain a NUL (U+0000) character" })
    .nullish()
    .transform((value) => value || null);
