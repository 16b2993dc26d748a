import { parseEnv, z } from "@floorgraph/config";
import { loadServiceConfig, type ServiceConfig } from "@floorgraph/service";
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleSettings } from "./services/login-throttle.ts";
import { DEFAULT_PASSWORD_POOL, type PasswordPoolSettings } from "./services/passwords.ts";
import { DEFAULT_SESSION_SETTINGS, type SessionSettings } from "./services/sessions.ts";

/** The users service's own settings: sessions, login throttling, password hashing. */
export interface UsersSettings {
  sessions: SessionSettings;
  loginThrottle: LoginThrottleSettings;
  passwordPool: PasswordPoolSettings;
}

export const DEFAULT_USERS_SETTINGS: UsersSettings = {
  sessions: DEFAULT_SESSION_SETTINGS,
  loginThrottle: DEFAULT_LOGIN_THROTTLE,
  passwordPool: DEFAULT_PASSWORD_POOL,
};

const int = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
/** The users service's own variables (its process and `npm start` read them). */
export const usersEnvSchema = z.object({
  REFRESH_TOKEN_TTL_SECONDS: int(60, DEFAULT_SESSION_SETTINGS.refreshTtlSeconds).describe("a session's absolute lifetime: no refresh after it"),
  REFRESH_TOKEN_IDLE_SECONDS: int(60, DEFAULT_SESSION_SETTINGS.refreshIdleSeconds).describe("a refresh token unused this long expires"),
  LOGIN_FREE_FAILURES: int(1, DEFAULT_LOGIN_THROTTLE.freeFailures).describe("failed logins per (account, address) before back-off"),
  LOGIN_ADDRESS_FREE_FAILURES: int(1, DEFAULT_LOGIN_THROTTLE.addressFreeFailures).describe("failed logins per address (all accounts) before back-off"),
  LOGIN_ACCOUNT_CEILING: int(1, DEFAULT_LOGIN_THROTTLE.accountCeiling).describe("failures on one account (all addresses) past which its logins are slowed, never refused"),
  LOGIN_BACKOFF_MAX_SECONDS: int(1, DEFAULT_LOGIN_THROTTLE.maxBackoffSeconds).describe("the longest login back-off"),
  LOGIN_FAILURE_WINDOW_SECONDS: int(1, DEFAULT_LOGIN_THROTTLE.windowSeconds).describe("how long failed logins are remembered"),
  PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).max(64).default(DEFAULT_PASSWORD_POOL.threads).describe("worker threads hashing passwords"),
});

export function loadUsersSettings(env: Record<string, string | undefined> = process.env): UsersSettings {
  const parsed = parseEnv(usersEnvSchema, env);
  return {
    sessions: { refreshTtlSeconds: parsed.REFRESH_TOKEN_TTL_SECONDS, refreshIdleSeconds: Math.min(parsed.REFRESH_TOKEN_IDLE_SECONDS, parsed.REFRESH_TOKEN_TTL_SECONDS) },
    loginThrottle: {
      freeFailures: parsed.LOGIN_FREE_FAILURES,
      addressFreeFailures: parsed.LOGIN_ADDRESS_FREE_FAILURES,
      accountCeiling: parsed.LOGIN_ACCOUNT_CEILING,
      maxBackoffSeconds: parsed.LOGIN_BACKOFF_MAX_SECONDS,
      windowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS,
    },
    passwordPool: { ...DEFAULT_PASSWORD_POOL, threads: parsed.PASSWORD_HASH_THREADS },
  };
}

/** This process's settings, parsed once from the environment (see README, Configuration). */
export const loadUsersConfig = (env: Record<string, string | undefined> = process.env): ServiceConfig & { users: UsersSettings } => ({
  ...loadServiceConfig("users", env),
  users: loadUsersSettings(env),
});
