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
const usersEnvSchema = z.object({
  REFRESH_TOKEN_TTL_SECONDS: int(60, DEFAULT_SESSION_SETTINGS.refreshTtlSeconds),
  REFRESH_TOKEN_IDLE_SECONDS: int(60, DEFAULT_SESSION_SETTINGS.refreshIdleSeconds),
  LOGIN_FREE_FAILURES: int(1, DEFAULT_LOGIN_THROTTLE.freeFailures),
  LOGIN_ADDRESS_FREE_FAILURES: int(1, DEFAULT_LOGIN_THROTTLE.addressFreeFailures),
  LOGIN_ACCOUNT_CEILING: int(1, DEFAULT_LOGIN_THROTTLE.accountCeiling),
  LOGIN_BACKOFF_MAX_SECONDS: int(1, DEFAULT_LOGIN_THROTTLE.maxBackoffSeconds),
  LOGIN_FAILURE_WINDOW_SECONDS: int(1, DEFAULT_LOGIN_THROTTLE.windowSeconds),
  PASSWORD_HASH_THREADS: z.coerce.number().int().min(1).max(64).default(DEFAULT_PASSWORD_POOL.threads),
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
