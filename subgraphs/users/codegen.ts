import { subgraphCodegen } from "@floorgraph/service/codegen";

export default subgraphCodegen("UsersContext", {
  User: "UserRow",
  Partner: "PartnerRow",
  ApiKey: "ApiKeyRow",
  PersistedOperation: "PersistedOperationRow",
});
