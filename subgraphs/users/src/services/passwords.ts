import { availableParallelism } from "node:os";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { Piscina } from "piscina";
import { unavailable } from "@floorgraph/errors";

// scrypt is a memory-hard KDF built into Node; parameters follow OWASP's guidance (N=2^15, r=8, p=1).
const PARAMS = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEM = 128 * PARAMS.N * PARAMS.r * 2;

export interface PasswordPoolSettings {
  /** Worker threads hashing passwords (PASSWORD_HASH_THREADS): hashing never takes more cores than this. */
  threads: number;
  /** Hashes waiting beyond the running ones; more are refused UNAVAILABLE instead of queueing for ever. */
  maxQueue: number;
}

export const DEFAULT_PASSWORD_POOL: PasswordPoolSettings = { threads: Math.max(1, Math.min(2, availableParallelism() - 1)), maxQueue: 256 };

/**
 * Hashing runs in a small pool of worker threads of its own (piscina). node:crypto's async scrypt
 * already leaves the event loop, but runs in libuv's shared threadpool (4 threads on any machine),
 * so 40 parallel logins filled it and took every core: DNS lookups and file reads queued behind them
 * and cheap queries stalled for seconds. Threads end when idle, so the pool holds no process open.
 */
let pool: Piscina | undefined;
let settings = DEFAULT_PASSWORD_POOL;
export function configurePasswordPool(next: PasswordPoolSettings): void {
  if (pool && next.threads === settings.threads && next.maxQueue === settings.maxQueue) return;
  void pool?.close();
  pool = undefined;
  settings = next;
}
const thePool = () =>
  (pool ??= new Piscina({
    filename: new URL("./hash-worker.mjs", import.meta.url).href,
    minThreads: 0,
    maxThreads: settings.threads,
    maxQueue: settings.maxQueue,
    idleTimeout: 30_000,
  }));

async function derive(password: string, salt: Buffer, options: { N: number; r: number; p: number }): Promise<Buffer> {
  try {
    const key = (await thePool().run({ password: password.normalize("NFKC"), salt, keyLength: KEY_LENGTH, ...options, maxmem: MAX_MEM })) as Uint8Array;
    return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  } catch (error) {
    if (/queue is at limit/i.test((error as Error).message)) throw unavailable("Too many logins at once; try again shortly");
    throw error;
  }
}

/** Returns `scrypt$N$r$p$salt$hash` (base64), self-describing so parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64"), key.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(password, Buffer.from(salt, "base64"), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing in particular, checked against when the email is unknown so timing does not reveal accounts. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword(randomBytes(12).toString("hex")));
