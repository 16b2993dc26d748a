import { mulberry32 } from "@floorgraph/demo-data";

/**
 * The simulator's randomness: the same sequence on every machine for a given seed, so a run (and
 * every test built on one) can be replayed exactly. Math.random is never used.
 */
export function createRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    chance: (p: number) => p > 0 && next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
export type Random = ReturnType<typeof createRandom>;

/** FNV-1a: a stable string hash, used where a tote id must map to the same chute on every run. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
