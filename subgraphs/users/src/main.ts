import { runService } from "@floorgraph/service";
import { loadUsersConfig } from "./config.ts";
import { usersService } from "./server.ts";

await runService(usersService, loadUsersConfig());
