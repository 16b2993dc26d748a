import { v5 as uuidv5 } from "uuid";

const NAMESPACE = "6f1f3c9e-2f7a-4a59-9d3e-5b1c0e7a4d21";

/** A stable id for a demo record: every service derives the same id for the same thing. */
export const demoId = (kind: string, key: string | number) => uuidv5(`${kind}:${key}`, NAMESPACE);

/** Mulberry32: tiny, fast, and the same sequence of numbers in [0, 1) on every machine for a given seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The demo data's random choices, from a seed. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (p: number) => next() < p,
  };
}
export type Random = ReturnType<typeof seededRandom>;

/** Rows split into batches of `size`, for createMany calls of a bounded statement size. */
export const inChunks = <T>(rows: T[], size = 1000): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
