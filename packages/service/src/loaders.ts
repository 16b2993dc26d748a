import DataLoader from "dataloader";

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
