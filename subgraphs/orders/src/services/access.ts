import { isStaff, requireRole, requireScope, type AuthContext, type Identity, type Role } from "@floorgraph/auth";
import type { Order, Prisma } from "@floorgraph/prisma/orders";

/** Roles that may place orders; a partner places them for its own organisation. */
export const PLACING_ROLES: readonly Role[] = ["ADMIN", "SUPERVISOR", "OPERATOR", "PARTNER"];
/** Roles that may cancel; a partner only its own organisation's orders. */
export const CANCELLING_ROLES: readonly Role[] = ["ADMIN", "SUPERVISOR", "OPERATOR", "PARTNER"];
/** Roles that may move an order along its lifecycle by hand. */
export const STATUS_ROLES: readonly Role[] = ["ADMIN", "SUPERVISOR"];

/** Any verified caller may read orders; API keys need orders:read. What they see is narrowed by `canSeeOrder`. */
export const requireOrderReader = (ctx: AuthContext): Identity => requireScope(ctx, "orders:read");

/** A role allowed to write, and for API keys the orders:write scope. */
export function requireOrderWriter(ctx: AuthContext, roles: readonly Role[], action: string): Identity {
  requireRole(ctx, roles, action);
  return requireScope(ctx, "orders:write");
}

/** Staff see every order; partner users and keys only their own organisation's. */
export const canSeeOrder = (identity: Identity, order: Pick<Order, "partnerId">): boolean =>
  isStaff(identity) || (identity.partnerId !== null && order.partnerId === identity.partnerId);

/** The same rule as a query filter. */
export function visibleOrders(identity: Identity): Prisma.OrderWhereInput {
  if (isStaff(identity)) return {};
  return identity.partnerId ? { partnerId: identity.partnerId } : { id: { in: [] } };
}

/** The partner a list must be narrowed to, null for staff; undefined means the caller may see nothing. */
export function partnerRestriction(identity: Identity): string | null | undefined {
  if (isStaff(identity)) return null;
  return identity.partnerId ?? undefined;
}
