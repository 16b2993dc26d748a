import { loadServiceConfig } from "@floorgraph/service";

export const USERS_DEFAULT_PORT = 4001;
export const loadUsersConfig = (env: Record<string, string | undefined> = process.env) => loadServiceConfig("users", USERS_DEFAULT_PORT, env);
