/// <reference path="./parse-prometheus-text-format.d.ts" />
import parsePrometheusTextFormat from "parse-prometheus-text-format";

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  /** The family's TYPE (a histogram's _bucket, _sum and _count samples are families of their own here). */
  type: string;
  samples: Sample[];
}

/**
 * Tests read /metrics as Prometheus would: parsed by a Prometheus text-format parser, and refused
 * if a family is declared twice (Prometheus rejects such a scrape). The parser's histogram support
 * expects `le` as the last label (prom-client writes it first), so the samples are parsed untyped:
 * each sample name (x_bucket, x_sum, x_count) is a family of its own, typed from its TYPE line.
 */
export function parseMetrics(text: string): Map<string, Family> {
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    const match = /^# TYPE (\S+) (\S+)/.exec(line);
    if (!match) continue;
    if (types.has(match[1] as string)) throw new Error(`metric family ${match[1]} is declared twice`);
    types.set(match[1] as string, (match[2] as string).toUpperCase());
  }
  const untyped = text.split("\n").filter((line) => !line.startsWith("# TYPE ")).join("\n");
  const families = new Map<string, Family>();
  for (const family of parsePrometheusTextFormat(untyped)) {
    const base = family.name.replace(/_(bucket|sum|count)$/, "");
    const type = types.get(family.name) ?? types.get(base) ?? "UNTYPED";
    const entry = families.get(family.name) ?? { type, samples: [] };
    entry.samples.push(...family.metrics.map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) })));
    families.set(family.name, entry);
  }
  return families;
}

/** The samples of a family whose labels include `labels`. */
export function samples(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): Sample[] {
  return (families.get(name)?.samples ?? []).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** Sum of the matching samples' values; for a histogram, of its observations (x_count). */
export function total(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const counted = families.get(`${name}_count`)?.type === "HISTOGRAM" ? `${name}_count` : name;
  return samples(families, counted, labels).reduce((sum, s) => sum + s.value, 0);
}

/** GET a /metrics URL and parse it. */
export async function scrape(url: string): Promise<Map<string, Family>> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return parseMetrics(await response.text());
}
