import { randomUUID } from "node:crypto";
import type { Identity } from "@floorgraph/auth";
import type { Outbox } from "@floorgraph/events";
import { badInput, conflict, forbidden, fromPrismaError } from "@floorgraph/errors";
import type { Order, PrismaClient } from "@floorgraph/prisma/orders";
import { audit } from "./audit.ts";
import { orderPlaced } from "./order-events.ts";
import { formatOrderNumber } from "./order-number.ts";
import { normalizeOrderRequest, requestFingerprint, type NormalizedOrder, type PlaceOrderRequest } from "./order-input.ts";
import type { PeerCaller, SkuCatalog } from "./sku-catalog.ts";

/** Whose keys an idempotency key is unique among: a partner's users and keys share one space; staff each have their own. */
function idempotencyScopeOf(actor: Identity): string {
  if (actor.role !== "PARTNER") return actor.userId;
  if (!actor.partnerId) throw forbidden("This partner account belongs to no organisation");
  return actor.partnerId;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

export function createPlacementService(prisma: PrismaClient, skus: SkuCatalog, outbox: Outbox) {
  const findByKey = (idempotencyScope: string, idempotencyKey: string) =>
    prisma.order.findUnique({ where: { idempotencyScope_idempotencyKey: { idempotencyScope, idempotencyKey } } });

  /** A key seen before: the same request gets the first order back, different content is refused. */
  function replay(existing: Order, fingerprint: string): Order {
    if (existing.requestFingerprint === fingerprint) return existing;
    throw conflict(
      `idempotencyKey '${existing.idempotencyKey}' was already used for order ${formatOrderNumber(existing.seq)} with different content; use a new key for a new order`,
      { field: "idempotencyKey" },
    );
  }

  async function assertSkusExist(caller: PeerCaller, order: NormalizedOrder) {
    const unknownSkuCodes = await skus.unknownCodes(caller, order.lines.map((l) => l.skuCode));
    if (unknownSkuCodes.length) {
      throw badInput(`Unknown SKU codes: ${unknownSkuCodes.join(", ")}`, { field: "lines", unknownSkuCodes });
    }
  }

  async function insert(actor: Identity, idempotencyScope: string, order: NormalizedOrder, fingerprint: string) {
    const { shipTo } = order;
    const lines = order.lines.map((line, index) => ({ id: randomUUID(), lineNumber: index + 1, ...line }));
    const placed = await prisma.$transaction(async (tx) => {
      const created = await tx.order.create({
        data: {
          customerId: actor.userId,
          partnerId: actor.role === "PARTNER" ? actor.partnerId : null,
          priority: order.priority,
          externalReference: order.externalReference,
          requestedShipDate: order.requestedShipDate ? new Date(`${order.requestedShipDate}T00:00:00Z`) : null,
          shipToName: shipTo.name,
          shipToLine1: shipTo.line1,
          shipToLine2: shipTo.line2,
          shipToCity: shipTo.city,
          shipToPostalCode: shipTo.postalCode,
          shipToCountry: shipTo.country,
          shipToPhone: shipTo.phone,
          idempotencyScope,
          idempotencyKey: order.idempotencyKey,
          requestFingerprint: fingerprint,
          lines: { createMany: { data: lines } },
          history: { create: { fromStatus: null, toStatus: "CREATED", actorId: actor.userId } },
        },
      });
      await audit(tx, actor, "order.placed", "Order", created.id, {
        number: formatOrderNumber(created.seq),
        lines: order.lines.length,
        idempotencyKey: order.idempotencyKey,
      });
      await outbox.append(tx, orderPlaced(created, lines));
      return created;
    });
    outbox.flush();
    return placed;
  }

  return {
    /**
     * Places an order once per idempotency key. Checks run before anything is written (shape,
     * replay, SKU codes at inventory); the order, its lines, its first history row and the audit
     * entry are then written in one transaction. Two identical requests racing each other meet at
     * the unique (scope, key) index: the loser re-reads and returns the winner's order.
     */
    async placeOrder(actor: Identity, caller: PeerCaller, request: PlaceOrderRequest): Promise<Order> {
      const order = normalizeOrderRequest(request);
      const idempotencyScope = idempotencyScopeOf(actor);
      const fingerprint = requestFingerprint(order);
      const existing = await findByKey(idempotencyScope, order.idempotencyKey);
      if (existing) return replay(existing, fingerprint);
      // Checked after the replay so that retrying yesterday's order still returns it.
      if (order.requestedShipDate && order.requestedShipDate < todayUtc()) {
        throw badInput("requestedShipDate must not be in the past", { field: "requestedShipDate" });
      }
      await assertSkusExist(caller, order);
      try {
        return await insert(actor, idempotencyScope, order, fingerprint);
      } catch (error) {
        const winner = await findByKey(idempotencyScope, order.idempotencyKey);
        if (winner) return replay(winner, fingerprint);
        throw fromPrismaError(error);
      }
    },
  };
}
export type PlacementService = ReturnType<typeof createPlacementService>;
