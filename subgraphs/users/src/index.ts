export { createUsersService, usersService } from "./server.ts";
export { DEFAULT_USERS_SETTINGS, loadUsersSettings, usersEnvSchema, type UsersSettings } from "./config.ts";
export { hashPassword, verifyPassword } from "./services/passwords.ts";
