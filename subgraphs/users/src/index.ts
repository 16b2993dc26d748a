export { usersService } from "./server.ts";
export { hashPassword, verifyPassword } from "./services/passwords.ts";
