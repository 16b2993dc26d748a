import { requireScope, type AuthContext } from "@floorgraph/auth";

/** Any verified identity may read inventory; partner API keys need the inventory:read scope. */
export const requireReader = (ctx: AuthContext) => requireScope(ctx, "inventory:read");
