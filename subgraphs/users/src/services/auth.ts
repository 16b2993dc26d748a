import { signToken, type Identity, type JwtSettings } from "@floorgraph/auth";
import { badInput, unauthenticated } from "@floorgraph/errors";
import type { PrismaClient, User } from "@floorgraph/prisma/users";
import { apiKeyMatches, parseApiKey } from "./api-keys.ts";
import { audit } from "./audit.ts";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.ts";

const MAX_FAILED_LOGINS = 10;
const LOCK_MS = 15 * 60_000;
/** Tokens minted from an API key live shorter than interactive sessions. */
const API_KEY_TOKEN_TTL = 3600;
export const MIN_PASSWORD_LENGTH = 10;
/** Hashing costs more per byte: a very long password is refused rather than hashed. */
export const MAX_PASSWORD_LENGTH = 256;

const INVALID_LOGIN = "Invalid email or password";

export const identityOf = (user: User): Identity => ({
  userId: user.id,
  email: user.email,
  role: user.role,
  partnerId: user.partnerId,
  scopes: [],
  kind: "user",
});

export function createAuthService(prisma: PrismaClient, jwt: JwtSettings) {
  return {
    async login(email: string, password: string) {
      const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      if (!user) {
        await verifyPassword(password, await decoyHash());
        throw unauthenticated(INVALID_LOGIN);
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) {
        throw unauthenticated("Too many failed logins; the account is locked for a few minutes");
      }
      if (!(await verifyPassword(password, user.passwordHash))) {
        // Counted in the database, so guesses sent in parallel all count towards the lock.
        const { failedLogins } = await prisma.user.update({ where: { id: user.id }, data: { failedLogins: { increment: 1 } } });
        if (failedLogins >= MAX_FAILED_LOGINS) {
          await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: new Date(Date.now() + LOCK_MS) } });
        }
        throw unauthenticated(INVALID_LOGIN);
      }
      if (!user.active) throw unauthenticated("This account is disabled");
      if (user.partnerId && !(await prisma.partner.findUnique({ where: { id: user.partnerId } }))?.active) {
        throw unauthenticated("This partner account is disabled");
      }
      const updated = await prisma.user.update({
        where: { id: user.id },
        data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() },
      });
      const { token, expiresAt } = await signToken(identityOf(updated), jwt);
      return { token, expiresAt, user: updated };
    },

    async authenticateApiKey(key: string) {
      const parsed = parseApiKey(key.trim());
      const record = parsed
        ? await prisma.apiKey.findUnique({ where: { prefix: parsed.prefix }, include: { user: true, partner: true } })
        : null;
      if (!record || !apiKeyMatches(key.trim(), record.secretHash)) throw unauthenticated("Invalid API key");
      if (record.revokedAt) throw unauthenticated("This API key has been revoked");
      if (record.expiresAt && record.expiresAt <= new Date()) throw unauthenticated("This API key has expired");
      if (!record.partner.active || !record.user.active) throw unauthenticated("This partner account is disabled");
      await prisma.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
      const identity: Identity = { ...identityOf(record.user), scopes: record.scopes, kind: "api-key" };
      const { token, expiresAt } = await signToken(identity, { ...jwt, ttlSeconds: API_KEY_TOKEN_TTL });
      return { token, expiresAt, user: record.user };
    },

    async changePassword(identity: Identity, current: string, next: string) {
      if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH) {
        throw badInput(`The new password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, { field: "newPassword" });
      }
      const user = await prisma.user.findUniqueOrThrow({ where: { id: identity.userId } });
      if (!(await verifyPassword(current, user.passwordHash))) throw badInput("The current password is wrong", { field: "currentPassword" });
      const passwordHash = await hashPassword(next);
      return prisma.$transaction(async (tx) => {
        const updated = await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await audit(tx, identity, "user.password_changed", "User", user.id);
        return updated;
      });
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
