import { runService } from "@floorgraph/service";
import { loadUsersConfig } from "./config.ts";
import { createUsersService } from "./server.ts";

const config = loadUsersConfig();
await runService(createUsersService(config.users), config);
