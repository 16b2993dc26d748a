import { LRUCache } from "lru-cache";

export interface LoginThrottleSettings {
  /** Failures allowed per (account, address) before each further attempt must wait (LOGIN_FREE_FAILURES). */
  freeFailures: number;
  /** Failures allowed per address, over all accounts, before it must wait (LOGIN_ADDRESS_FREE_FAILURES). */
  addressFreeFailures: number;
  /** Failures on one account from all addresses after which every attempt on it is slowed, never refused (LOGIN_ACCOUNT_CEILING). */
  accountCeiling: number;
  /** The longest wait the back-off grows to (LOGIN_BACKOFF_MAX_SECONDS). */
  maxBackoffSeconds: number;
  /** Failures are forgotten this long after the last one (LOGIN_FAILURE_WINDOW_SECONDS). */
  windowSeconds: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleSettings = {
  freeFailures: 5,
  addressFreeFailures: 20,
  accountCeiling: 100,
  maxBackoffSeconds: 900,
  windowSeconds: 900,
};

interface Failures {
  count: number;
  lastAt: number;
  /** Whether the current wait was already reported to the audit log (one entry per wait, not per attempt). */
  reported: boolean;
}

export type ThrottleVerdict =
  | { throttled: false; /** Slow this attempt down by this much (an account under attack from many addresses). */ delayMs: number }
  | { throttled: true; retryAfterMs: number; scope: "address" | "account-address"; /** First refusal of this wait. */ report: boolean };

const BACKOFF_BASE_MS = 1000;
const CEILING_DELAY_MAX_MS = 3000;

/**
 * Login back-off, in memory (per users-service process). Three counters of recent failures:
 * (account, address) and address alone make the caller wait (1 s, 2 s, 4 s … up to the cap) after
 * their free failures; the account alone never refuses, it only slows every attempt on an account
 * past a high ceiling. So a stranger's failures never stop the owner logging in from elsewhere.
 */
export class LoginThrottle {
  private readonly failures: LRUCache<string, Failures>;

  constructor(private readonly settings: LoginThrottleSettings = DEFAULT_LOGIN_THROTTLE) {
    // Bounded, so that a flood of addresses cannot grow memory without limit (the oldest go first).
    this.failures = new LRUCache({ max: 100_000, ttl: settings.windowSeconds * 1000, updateAgeOnGet: false });
  }

  check(account: string, address: string, now = Date.now()): ThrottleVerdict {
    const pair = this.failures.get(pairKey(account, address));
    const byAddress = this.failures.get(addressKey(address));
    const waits = [
      { scope: "account-address" as const, entry: pair, until: this.until(pair, this.settings.freeFailures) },
      { scope: "address" as const, entry: byAddress, until: this.until(byAddress, this.settings.addressFreeFailures) },
    ].filter((w) => w.until > now);
    const longest = waits.sort((a, b) => b.until - a.until)[0];
    if (longest?.entry) {
      const report = !longest.entry.reported;
      longest.entry.reported = true;
      return { throttled: true, retryAfterMs: longest.until - now, scope: longest.scope, report };
    }
    const byAccount = this.failures.get(accountKey(account))?.count ?? 0;
    const over = byAccount - this.settings.accountCeiling;
    return { throttled: false, delayMs: over < 0 ? 0 : Math.min(CEILING_DELAY_MAX_MS, 250 * 2 ** Math.floor(over / 10)) };
  }

  /** A wrong password (or unknown account); a refused attempt counts too, so hammering lengthens the wait. */
  recordFailure(account: string, address: string, options: { refused?: boolean } = {}, now = Date.now()): void {
    const keys = [pairKey(account, address), addressKey(address), ...(options.refused ? [] : [accountKey(account)])];
    for (const key of keys) {
      const entry = this.failures.get(key);
      this.failures.set(key, { count: (entry?.count ?? 0) + 1, lastAt: now, reported: options.refused ? (entry?.reported ?? false) : false });
    }
  }

  /** A correct password: that address's failures on this account are forgiven (its address-wide count is not). */
  recordSuccess(account: string, address: string): void {
    this.failures.delete(pairKey(account, address));
  }

  private until(entry: Failures | undefined, free: number): number {
    if (!entry || entry.count < free) return 0;
    const waitMs = Math.min(this.settings.maxBackoffSeconds * 1000, BACKOFF_BASE_MS * 2 ** Math.min(entry.count - free, 20));
    return entry.lastAt + waitMs;
  }
}

const pairKey = (account: string, address: string) => `pair:${account}\u0000${address}`;
const addressKey = (address: string) => `address:${address}`;
const accountKey = (account: string) => `account:${account}`;
