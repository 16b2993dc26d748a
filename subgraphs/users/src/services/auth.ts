import { setTimeout as sleep } from "node:timers/promises";
import { signToken, type Identity, type JwtSettings } from "@floorgraph/auth";
import { badInput, unauthenticated } from "@floorgraph/errors";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { apiKeyMatches, parseApiKey } from "./api-keys.ts";
import { audit } from "./audit.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { decoyHash, hashPassword, verifyPassword } from "./passwords.ts";
import { identityOf, type SessionService } from "./sessions.ts";

export { identityOf, partnerRateLimit } from "./sessions.ts";
export const MIN_PASSWORD_LENGTH = 10;
/** Hashing costs more per byte: a very long password is refused rather than hashed. */
export const MAX_PASSWORD_LENGTH = 256;

/** One answer for an unknown email, a wrong password and a throttled caller, so none tells the others apart. */
export const INVALID_LOGIN = "Invalid email or password, or too many attempts: wait a minute before trying again";

/**
 * How long a refused login takes, as a moving average, so that a throttled answer (which skips the
 * hash and the database) comes after about as long as a checked one instead of answering at once.
 */
class FailureTiming {
  private averageMs = 150;
  record(ms: number) {
    this.averageMs += (ms - this.averageMs) * 0.2;
  }
  /** The average ±10%, so throttled answers are not one constant that stands out. */
  delay() {
    return this.averageMs * (0.9 + Math.random() * 0.2);
  }
}

export function createAuthService(prisma: PrismaClient, jwt: JwtSettings, sessions: SessionService, throttle: LoginThrottle) {
  const timing = new FailureTiming();

  async function refuseLogin(started: number, action: string, subjectType: string, subjectId: string, detail: object): Promise<never> {
    await prisma.$transaction((tx) => audit(tx, null, action, subjectType, subjectId, detail));
    timing.record(performance.now() - started);
    throw unauthenticated(INVALID_LOGIN);
  }

  return {
    async login(email: string, password: string, clientAddress: string) {
      const started = performance.now();
      const account = email.trim().toLowerCase();
      const verdict = throttle.check(account, clientAddress);
      if (verdict.throttled) {
        throttle.recordFailure(account, clientAddress, { refused: true });
        if (verdict.report) {
          const detail = { clientAddress, scope: verdict.scope, retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
          await prisma.$transaction((tx) => audit(tx, null, "login.throttled", "Login", account, detail));
        }
        await sleep(Math.max(0, timing.delay() - (performance.now() - started)));
        throw unauthenticated(INVALID_LOGIN);
      }
      // An account failing from many addresses at once: every attempt on it slows down, none is refused.
      if (verdict.delayMs) await sleep(verdict.delayMs);
      const user = await prisma.user.findUnique({ where: { email: account } });
      // Always a full hash, against a decoy for unknown emails, so timing does not tell which exist.
      const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
      if (!user || !matches) {
        throttle.recordFailure(account, clientAddress);
        return user
          ? refuseLogin(started, "login.failed", "User", user.id, { clientAddress, reason: "wrong_password" })
          : refuseLogin(started, "login.failed", "Login", account, { clientAddress, reason: "unknown_account" });
      }
      throttle.recordSuccess(account, clientAddress);
      if (!user.active) throw unauthenticated("This account is disabled");
      const partner = user.partnerId ? await prisma.partner.findUnique({ where: { id: user.partnerId } }) : null;
      if (user.partnerId && !partner?.active) throw unauthenticated("This partner account is disabled");
      const updated = await prisma.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
      return sessions.open(updated, partner, clientAddress);
    },

    refresh: (refreshToken: string, clientAddress: string) => sessions.refresh(refreshToken, clientAddress),

    /** Ends the caller's session; false for a token of no session (an API key's). */
    async logout(identity: Identity) {
      return identity.sessionId ? sessions.end(identity.sessionId, "logout") : false;
    },

    async authenticateApiKey(key: string, clientAddress: string) {
      const parsed = parseApiKey(key.trim());
      const record = parsed
        ? await prisma.apiKey.findUnique({ where: { prefix: parsed.prefix }, include: { user: true, partner: true } })
        : null;
      const refusal = !record || !apiKeyMatches(key.trim(), record.secretHash)
        ? "Invalid API key"
        : record.revokedAt
          ? "This API key has been revoked"
          : record.expiresAt && record.expiresAt <= new Date()
            ? "This API key has expired"
            : !record.partner.active || !record.user.active
              ? "This partner account is disabled"
              : null;
      if (refusal || !record) {
        if (record) await prisma.$transaction((tx) => audit(tx, null, "apikey.refused", "ApiKey", record.id, { clientAddress, reason: refusal }));
        throw unauthenticated(refusal ?? "Invalid API key");
      }
      const identity: Identity = {
        ...identityOf(record.user, record.partner),
        scopes: record.scopes,
        kind: "api-key",
        apiKeyId: record.id,
        registeredOperationsOnly: record.registeredOperationsOnly,
      };
      await prisma.$transaction(async (tx) => {
        await tx.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } });
        await audit(tx, identity, "apikey.used", "ApiKey", record.id, { clientAddress });
      });
      // API-key tokens live no longer than access tokens (at most 15 min), and carry the key's id.
      const { token, expiresAt } = await signToken(identity, jwt);
      return { token, expiresAt, refreshToken: null, user: record.user };
    },

    /** Changes the password and ends every session and token of the user, this one included. */
    async changePassword(identity: Identity, current: string, next: string) {
      if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH) {
        throw badInput(`The new password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`, { field: "newPassword" });
      }
      const user = await prisma.user.findUniqueOrThrow({ where: { id: identity.userId } });
      if (!(await verifyPassword(current, user.passwordHash))) throw badInput("The current password is wrong", { field: "currentPassword" });
      const passwordHash = await hashPassword(next);
      const updated = await prisma.$transaction(async (tx) => {
        const changed = await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await audit(tx, identity, "user.password_changed", "User", user.id);
        return changed;
      });
      await sessions.endAllOf(user.id, "password_changed");
      return updated;
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
