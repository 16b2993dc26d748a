import { isStaff, type Identity, type RevocationList, type Role } from "@floorgraph/auth";
import { assertId, badInput, conflict, forbidden, fromPrismaError, notFound } from "@floorgraph/errors";
import type { Prisma, PrismaClient, User } from "@floorgraph/prisma/users";
import { API_SCOPES, generateApiKey } from "./api-keys.ts";
import { audit } from "./audit.ts";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./auth.ts";
import { hashPassword } from "./passwords.ts";
import type { SessionService } from "./sessions.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PARTNER_CODE = /^[A-Z0-9][A-Z0-9_-]{1,31}$/;
/** RFC 5321's limit on an address; names are for people to read. */
const MAX_EMAIL = 254;
const MAX_NAME = 200;

function assertName(value: string, field = "name"): string {
  const name = value.trim();
  if (!name) throw badInput(`${field} must not be empty`, { field });
  if (name.length > MAX_NAME) throw badInput(`${field} must be at most ${MAX_NAME} characters`, { field });
  return name;
}

/** Staff see every account; a partner's users see only their own organisation. */
export const canSeeUser = (identity: Identity, user: Pick<User, "id" | "partnerId">) =>
  isStaff(identity) || user.id === identity.userId || (identity.partnerId !== null && user.partnerId === identity.partnerId);

export const canSeePartner = (identity: Identity, partnerId: string) => isStaff(identity) || identity.partnerId === partnerId;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
  partnerId?: string | null;
}

export function createAccountsService(prisma: PrismaClient, sessions: SessionService, revocations: RevocationList) {
  return {
    async listUsers(first: number, after: string | null | undefined, role: Role | null | undefined) {
      return prisma.user.findMany({
        where: role ? { role } : {},
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: first,
        ...(after ? { cursor: { id: assertId(after, "after") }, skip: 1 } : {}),
      });
    },

    async createUser(actor: Identity, input: NewUser) {
      const email = input.email.trim().toLowerCase();
      if (!EMAIL.test(email) || email.length > MAX_EMAIL) throw badInput("email is not a valid address", { field: "email" });
      const name = assertName(input.name);
      if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
        throw badInput(`password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, { field: "password" });
      }
      const partnerId = input.partnerId ? assertId(input.partnerId, "partnerId") : null;
      if ((input.role === "PARTNER") !== (partnerId !== null)) {
        throw badInput("partnerId is required for PARTNER users and not allowed for other roles", { field: "partnerId" });
      }
      if (partnerId && !(await prisma.partner.findUnique({ where: { id: partnerId } }))) throw notFound("Partner", partnerId);
      const passwordHash = await hashPassword(input.password);
      try {
        return await prisma.$transaction(async (tx) => {
          const user = await tx.user.create({ data: { email, name, role: input.role, passwordHash, partnerId } });
          await audit(tx, actor, "user.created", "User", user.id, { email, role: input.role });
          return user;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `A user with email ${email} already exists` });
      }
    },

    async setUserActive(actor: Identity, id: string, active: boolean) {
      const userId = assertId(id);
      if (userId === actor.userId && !active) throw conflict("You cannot disable your own account");
      const existing = await prisma.user.findUnique({ where: { id: userId } });
      if (!existing) throw notFound("User", userId);
      const user = await prisma.$transaction(async (tx) => {
        const updated = await tx.user.update({ where: { id: userId }, data: { active } });
        await audit(tx, actor, active ? "user.enabled" : "user.disabled", "User", userId);
        return updated;
      });
      // Every session and token of theirs ends, at the gateway and on open sockets too.
      if (!active) await sessions.endAllOf(userId, "disabled");
      return user;
    },

    async createPartner(actor: Identity, code: string, name: string) {
      const normalized = code.trim().toUpperCase();
      if (!PARTNER_CODE.test(normalized)) throw badInput("code must be 2-32 letters, digits, '-' or '_'", { field: "code" });
      const partnerName = assertName(name);
      try {
        return await prisma.$transaction(async (tx) => {
          const partner = await tx.partner.create({ data: { code: normalized, name: partnerName } });
          await audit(tx, actor, "partner.created", "Partner", partner.id, { code: normalized });
          return partner;
        });
      } catch (error) {
        throw fromPrismaError(error, { unique: `A partner with code ${normalized} already exists` });
      }
    },

    async createApiKey(actor: Identity, input: { partnerId: string; name: string; scopes: string[]; expiresAt?: Date | null; registeredOperationsOnly?: boolean | null }) {
      const partnerId = assertId(input.partnerId, "partnerId");
      const unknown = input.scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
      if (!input.scopes.length || unknown.length) {
        throw badInput(`scopes must be a non-empty subset of ${API_SCOPES.join(", ")}`, { field: "scopes", unknown });
      }
      const name = assertName(input.name);
      if (input.expiresAt && input.expiresAt <= new Date()) throw badInput("expiresAt must be in the future", { field: "expiresAt" });
      const partner = await prisma.partner.findUnique({ where: { id: partnerId } });
      if (!partner) throw notFound("Partner", partnerId);
      const actsAs = await prisma.user.findFirst({ where: { partnerId, role: "PARTNER", active: true }, orderBy: { createdAt: "asc" } });
      if (!actsAs) throw badInput("The partner has no active PARTNER user for the key to act as; create one first", { field: "partnerId" });
      const { key, prefix, secretHash } = generateApiKey();
      const apiKey = await prisma.$transaction(async (tx) => {
        const created = await tx.apiKey.create({
          data: { partnerId, userId: actsAs.id, name, prefix, secretHash, scopes: input.scopes, createdById: actor.userId, expiresAt: input.expiresAt ?? null, registeredOperationsOnly: input.registeredOperationsOnly ?? false },
        });
        await audit(tx, actor, "apikey.created", "ApiKey", created.id, { partnerId, prefix, scopes: input.scopes, registeredOperationsOnly: input.registeredOperationsOnly ?? false });
        return created;
      });
      return { apiKey, secret: key };
    },

    async revokeApiKey(actor: Identity, id: string) {
      const keyId = assertId(id);
      const existing = await prisma.apiKey.findUnique({ where: { id: keyId } });
      if (!existing) throw notFound("API key", keyId);
      if (existing.revokedAt) return existing;
      const revoked = await prisma.$transaction(async (tx) => {
        const updated = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
        await audit(tx, actor, "apikey.revoked", "ApiKey", keyId);
        return updated;
      });
      // Tokens already exchanged for the key end now, not when they expire.
      await revocations.revoke("api-key", keyId);
      return revoked;
    },

    /** ADMIN, or the partner's own people: never an API key, which must not enumerate its siblings (keysToo: for what a key may see of its own partner, e.g. registered operations). */
    assertMayListApiKeys(identity: Identity, partnerId: string, keysToo = false) {
      const own = (identity.kind === "user" || keysToo) && identity.partnerId === partnerId;
      if (identity.role !== "ADMIN" && !own) throw forbidden("Only ADMIN or the partner's own users may list its API keys");
    },

    listPartners(identity: Identity) {
      return prisma.partner.findMany({ where: isStaff(identity) ? {} : { id: identity.partnerId ?? "" }, orderBy: { code: "asc" } });
    },
  };
}
export type AccountsService = ReturnType<typeof createAccountsService>;
