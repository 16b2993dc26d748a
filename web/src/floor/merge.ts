/** Anything the floor reports: an id, and when the bridge last heard from it. */
export interface LiveRecord {
  id: string;
  lastSeenAt: string | null;
}

const seen = (record: LiveRecord) => (record.lastSeenAt ? Date.parse(record.lastSeenAt) : Number.NEGATIVE_INFINITY);

/**
 * The current state of each device from the first query and the changes streamed since: per id the
 * record the bridge heard last, so an event that raced ahead of the query's answer cannot undo it.
 * On a tie the streamed change wins (it was sent after the state it changed).
 */
export function mergeLive<T extends LiveRecord>(snapshot: readonly T[] | undefined, changes: Readonly<Record<string, T>> | undefined): Map<string, T> {
  const merged = new Map<string, T>((snapshot ?? []).map((record) => [record.id, record]));
  for (const change of Object.values(changes ?? {})) {
    const known = merged.get(change.id);
    if (!known || seen(change) >= seen(known)) merged.set(change.id, change);
  }
  return merged;
}

/** The reducer a subscription keeps its latest record per id with. */
export const latestById = <T extends { id: string }>(previous: Record<string, T> | undefined, record: T): Record<string, T> => ({
  ...previous,
  [record.id]: record,
});
