import { createHash } from "node:crypto";
import { parse, type DocumentNode } from "graphql";
import { isStaff, type Identity } from "@floorgraph/auth";
import { assertId, badInput, forbidden, notFound } from "@floorgraph/errors";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { audit } from "./audit.ts";

/** Bounds of what an ADMIN may set and a partner may register: refused with BAD_USER_INPUT beyond them. */
export const MAX_REQUESTS_PER_MINUTE = 100_000;
export const MAX_COST_PER_MINUTE = 100_000_000;
export const MAX_OPERATIONS_PER_CALL = 100;
export const MAX_OPERATION_BYTES = 100_000;
const SHA256 = /^[0-9a-f]{64}$/;

export const operationHash = (body: string) => createHash("sha256").update(body).digest("hex");

/** Rate limits per partner and partners' trusted documents (see README, Rate limits and Trusted documents). */
export function createAccessService(prisma: PrismaClient) {
  return {
    async setPartnerRateLimit(actor: Identity, id: string, limit: { requestsPerMinute: number; costPerMinute: number } | null | undefined) {
      const partnerId = assertId(id, "partnerId");
      if (limit) {
        if (!Number.isInteger(limit.requestsPerMinute) || limit.requestsPerMinute < 1 || limit.requestsPerMinute > MAX_REQUESTS_PER_MINUTE) {
          throw badInput(`requestsPerMinute must be 1 to ${MAX_REQUESTS_PER_MINUTE}`, { field: "requestsPerMinute" });
        }
        if (!Number.isInteger(limit.costPerMinute) || limit.costPerMinute < 1 || limit.costPerMinute > MAX_COST_PER_MINUTE) {
          throw badInput(`costPerMinute must be 1 to ${MAX_COST_PER_MINUTE}`, { field: "costPerMinute" });
        }
      }
      if (!(await prisma.partner.findUnique({ where: { id: partnerId } }))) throw notFound("Partner", partnerId);
      return prisma.$transaction(async (tx) => {
        const partner = await tx.partner.update({
          where: { id: partnerId },
          data: { rateLimitRequestsPerMinute: limit?.requestsPerMinute ?? null, rateLimitCostPerMinute: limit?.costPerMinute ?? null },
        });
        await audit(tx, actor, "partner.rate_limit_set", "Partner", partnerId, { limit: limit ?? null });
        return partner;
      });
    },

    async setApiKeyRegisteredOperationsOnly(actor: Identity, id: string, value: boolean) {
      const keyId = assertId(id);
      if (!(await prisma.apiKey.findUnique({ where: { id: keyId } }))) throw notFound("API key", keyId);
      return prisma.$transaction(async (tx) => {
        const key = await tx.apiKey.update({ where: { id: keyId }, data: { registeredOperationsOnly: value } });
        await audit(tx, actor, "apikey.registered_operations_only_set", "ApiKey", keyId, { registeredOperationsOnly: value });
        return key;
      });
    },

    /** ADMIN for any partner, or a partner's own API key with operations:write; each body must parse. */
    async registerPersistedOperations(actor: Identity, partnerIdArg: string | null | undefined, operations: { hash?: string | null; body: string }[]) {
      const partnerId = registrant(actor, partnerIdArg);
      if (!operations.length || operations.length > MAX_OPERATIONS_PER_CALL) {
        throw badInput(`operations must hold 1 to ${MAX_OPERATIONS_PER_CALL} documents`, { field: "operations" });
      }
      const checked = operations.map((op, index) => checkOperation(op, index));
      if (!(await prisma.partner.findUnique({ where: { id: partnerId } }))) throw notFound("Partner", partnerId);
      return prisma.$transaction(async (tx) => {
        await tx.persistedOperation.createMany({
          data: checked.map((op) => ({ partnerId, hash: op.hash, body: op.body, createdById: actor.userId })),
          skipDuplicates: true,
        });
        await audit(tx, actor, "operations.registered", "Partner", partnerId, { hashes: checked.map((op) => op.hash) });
        return tx.persistedOperation.findMany({ where: { partnerId, hash: { in: checked.map((op) => op.hash) } } });
      });
    },

    /** The caller's own partner's document (or, for staff, the named partner's); null when unknown. */
    async persistedOperation(identity: Identity, hash: string, partnerIdArg: string | null | undefined) {
      const partnerId = identity.partnerId ?? (partnerIdArg && isStaff(identity) ? assertId(partnerIdArg, "partnerId") : null);
      if (!partnerId || (partnerIdArg && partnerIdArg.toLowerCase() !== partnerId)) return null;
      if (!SHA256.test(hash)) return null;
      return prisma.persistedOperation.findUnique({ where: { partnerId_hash: { partnerId, hash } } });
    },

    listPersistedOperations(partnerId: string, first: number) {
      return prisma.persistedOperation.findMany({ where: { partnerId }, orderBy: [{ createdAt: "desc" }, { hash: "asc" }], take: first });
    },
  };
}
export type AccessService = ReturnType<typeof createAccessService>;

function registrant(actor: Identity, partnerIdArg: string | null | undefined): string {
  if (actor.role === "ADMIN" && actor.kind === "user") {
    if (!partnerIdArg) throw badInput("partnerId is required when an ADMIN registers operations", { field: "partnerId" });
    return assertId(partnerIdArg, "partnerId");
  }
  if (actor.kind !== "api-key" || !actor.partnerId) throw forbidden("Only ADMIN or a partner's API key may register operations");
  if (!actor.scopes.includes("operations:write")) throw forbidden("API key lacks the scope 'operations:write'");
  if (partnerIdArg && assertId(partnerIdArg, "partnerId") !== actor.partnerId) throw forbidden("An API key registers operations for its own partner only");
  return actor.partnerId;
}

function checkOperation(op: { hash?: string | null; body: string }, index: number): { hash: string; body: string } {
  const field = `operations.${index}`;
  if (Buffer.byteLength(op.body) > MAX_OPERATION_BYTES) throw badInput(`${field}.body is over ${MAX_OPERATION_BYTES} bytes`, { field: `${field}.body` });
  const hash = operationHash(op.body);
  if (op.hash != null && op.hash.toLowerCase() !== hash) {
    throw badInput(`${field}.hash is not the SHA-256 of its body (expected ${hash})`, { field: `${field}.hash` });
  }
  let document: DocumentNode;
  try {
    document = parse(op.body, { maxTokens: 10_000 });
  } catch (error) {
    throw badInput(`${field}.body is not a GraphQL document: ${(error as Error).message}`, { field: `${field}.body` });
  }
  if (!document.definitions.some((d) => d.kind === "OperationDefinition")) {
    throw badInput(`${field}.body holds no operation`, { field: `${field}.body` });
  }
  return { hash, body: op.body };
}
