import DataLoader from "dataloader";
import { LRUCache } from "lru-cache";

/**
 * A per-request loader of one entity by key: all keys asked for in one tick become one query.
 * Missing keys resolve to null (a reference to something deleted or never there).
 */
export function entityLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const rows = await fetch([...keys]);
    const map = new Map(rows.map((row) => [keyOf(row), row]));
    return keys.map((key) => map.get(key) ?? null);
  });
}

/** A per-request loader of the rows belonging to each key (a one-to-many list), in the order fetched. */
export function groupLoader<K, V>(fetch: (keys: K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const rows = await fetch([...keys]);
    const groups = new Map<K, V[]>();
    for (const row of rows) {
      const key = keyOf(row);
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** A process-wide cache of reference rows (see cachedEntityLoader); bounded, least recently used out first. */
export const referenceCache = <K extends {}, V extends {}>(max = 10_000) => new LRUCache<K, V>({ max });

/**
 * A per-request entity loader in front of a process-wide cache of rows that never change once
 * written (carriers, service levels, SKUs' catalogue entries): a request asks the database only for
 * the keys no earlier request found. Absent keys are not remembered (the row may be created later).
 * `remember` also files fetched rows under other keys (a SKU by id when fetched by code).
 */
export function cachedEntityLoader<K extends {}, V extends {}>(
  cache: LRUCache<K, V>,
  fetch: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
  remember?: (rows: V[]) => void,
): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(async (keys) => {
    const found = new Map<K, V>();
    const missing: K[] = [];
    for (const key of keys) {
      const row = cache.get(key);
      if (row) found.set(key, row);
      else missing.push(key);
    }
    if (missing.length) {
      const rows = await fetch(missing);
      for (const row of rows) (found.set(keyOf(row), row), cache.set(keyOf(row), row));
      remember?.(rows);
    }
    return keys.map((key) => found.get(key) ?? null);
  });
}
