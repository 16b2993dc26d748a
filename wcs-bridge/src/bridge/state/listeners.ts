/**
 * A typed listener set: like EventEmitter, but the event names and payloads are checked, and a
 * throwing listener cannot stop the others (it is reported to onError instead).
 */
export class TypedListeners<Events extends object> {
  private readonly sets = new Map<keyof Events, Set<(payload: never) => void>>();

  constructor(private readonly onError: (error: unknown, event: keyof Events) => void = () => {}) {}

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.sets.get(event);
    if (!set) this.sets.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => void set.delete(listener as (payload: never) => void);
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of this.sets.get(event) ?? []) {
      try {
        (listener as (payload: Events[K]) => void)(payload);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }

  clear(): void {
    this.sets.clear();
  }
}
