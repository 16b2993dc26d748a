import { isStaff, requireIdentity } from "@floorgraph/auth";
import { forbidden } from "@floorgraph/errors";
import type { WcsContext } from "./context.ts";

/** The floor is staff business: partners see none of it. */
export function requireFloorReader(ctx: WcsContext) {
  const identity = requireIdentity(ctx);
  if (!isStaff(identity)) throw forbidden(`Role ${identity.role} may not read the floor`);
  return identity;
}
