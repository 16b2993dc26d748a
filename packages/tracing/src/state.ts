/**
 * Whether this process records spans, and whether resolvers get spans of their own. Kept on
 * globalThis so every copy of this module (one per bundler or test worker) sees the same switch;
 * instrumented code asks it first and does nothing else while tracing is off (near-zero cost).
 */
interface TracingState {
  enabled: boolean;
  resolverSpans: boolean;
}

const KEY = Symbol.for("floorgraph.tracing.state");
const holder = globalThis as { [KEY]?: TracingState };
const state: TracingState = (holder[KEY] ??= { enabled: false, resolverSpans: false });

export function tracingState(): Readonly<TracingState> {
  return state;
}

export function setTracingState(next: Partial<TracingState>): void {
  Object.assign(state, next);
}

export const tracingEnabled = (): boolean => state.enabled;
