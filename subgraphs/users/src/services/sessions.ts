import { createHash, randomBytes } from "node:crypto";
import { signToken, type Identity, type JwtSettings, type RevocationList } from "@floorgraph/auth";
import { unauthenticated } from "@floorgraph/errors";
import type { Partner, PrismaClient, User } from "@floorgraph/prisma/users";
import { audit } from "./audit.ts";

export interface SessionSettings {
  /** A session can be refreshed for this long after login, however active (REFRESH_TOKEN_TTL_SECONDS, 30 days). */
  refreshTtlSeconds: number;
  /** A refresh token not used for this long expires (REFRESH_TOKEN_IDLE_SECONDS, 7 days). */
  refreshIdleSeconds: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { refreshTtlSeconds: 30 * 86_400, refreshIdleSeconds: 7 * 86_400 };

export type SessionEndReason = "logout" | "reuse" | "disabled" | "password_changed";

const REFRESH_PREFIX = "fgr_";
const INVALID_REFRESH = "The refresh token is invalid or expired; log in again";

export const hashRefreshToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The identity a user's tokens carry; with the user's partner, its rate-limit override too. */
export const identityOf = (user: User, partner?: Partner | null): Identity => ({
  userId: user.id,
  email: user.email,
  role: user.role,
  partnerId: user.partnerId,
  scopes: [],
  kind: "user",
  rateLimit: partnerRateLimit(partner),
});

/** A partner's rate-limit override as carried in its callers' tokens (null: the role's default at the gateway). */
export const partnerRateLimit = (partner: Partner | null | undefined) =>
  partner?.rateLimitRequestsPerMinute && partner.rateLimitCostPerMinute
    ? { requestsPerMinute: partner.rateLimitRequestsPerMinute, costPerMinute: partner.rateLimitCostPerMinute }
    : null;

/**
 * Login sessions: each login opens one, a family of refresh tokens used once each. A refresh token
 * presented a second time means it was copied: the whole session ends, its access tokens with it.
 */
export function createSessionService(prisma: PrismaClient, jwt: JwtSettings, revocations: RevocationList, settings: SessionSettings) {
  const newRefreshToken = () => `${REFRESH_PREFIX}${randomBytes(32).toString("base64url")}`;
  const refreshExpiry = (sessionExpiresAt: Date) => new Date(Math.min(Date.now() + settings.refreshIdleSeconds * 1000, sessionExpiresAt.getTime()));

  async function issue(user: User, partner: Partner | null, sessionId: string, sessionExpiresAt: Date) {
    const refreshToken = newRefreshToken();
    await prisma.refreshToken.create({ data: { sessionId, tokenHash: hashRefreshToken(refreshToken), expiresAt: refreshExpiry(sessionExpiresAt) } });
    const { token, expiresAt } = await signToken({ ...identityOf(user, partner), sessionId }, jwt);
    return { token, expiresAt, refreshToken, user };
  }

  async function endSessions(where: { id?: string; userId?: string; NOT?: { id: string } }, reason: SessionEndReason) {
    const open = await prisma.session.findMany({ where: { ...where, revokedAt: null }, select: { id: true } });
    if (!open.length) return [];
    await prisma.session.updateMany({ where: { id: { in: open.map((s) => s.id) }, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
    for (const { id } of open) await revocations.revoke("session", id);
    return open.map((s) => s.id);
  }

  return {
    /** Opens a session for a user who just proved who they are (with their partner, whose rate limit the tokens carry). */
    async open(user: User, partner: Partner | null, clientAddress: string) {
      const expiresAt = new Date(Date.now() + settings.refreshTtlSeconds * 1000);
      const session = await prisma.session.create({ data: { userId: user.id, expiresAt, clientAddress } });
      return issue(user, partner, session.id, session.expiresAt);
    },

    /** Exchanges a refresh token for a new access token and its successor (the old one is spent). */
    async refresh(refreshToken: string, clientAddress: string) {
      const record = refreshToken.startsWith(REFRESH_PREFIX)
        ? await prisma.refreshToken.findUnique({ where: { tokenHash: hashRefreshToken(refreshToken.trim()) }, include: { session: { include: { user: { include: { partner: true } } } } } })
        : null;
      if (!record) throw unauthenticated(INVALID_REFRESH);
      const { session } = record;
      const now = new Date();
      if (session.revokedAt || session.expiresAt <= now) throw unauthenticated(INVALID_REFRESH);
      // Spent exactly once, even when two refreshes race: the loser is a reuse.
      const spent = record.usedAt ? 0 : (await prisma.refreshToken.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: now } })).count;
      if (spent === 0) {
        await endSessions({ id: session.id }, "reuse");
        await prisma.$transaction((tx) =>
          audit(tx, null, "session.refresh_reused", "Session", session.id, { userId: session.userId, clientAddress }),
        );
        throw unauthenticated(INVALID_REFRESH);
      }
      if (record.expiresAt <= now) throw unauthenticated(INVALID_REFRESH);
      if (!session.user.active) {
        await endSessions({ id: session.id }, "disabled");
        throw unauthenticated("This account is disabled");
      }
      await prisma.session.update({ where: { id: session.id }, data: { lastRefreshAt: now } });
      // The partner's current rate-limit override: a change reaches a session's callers at their next refresh.
      const { partner, ...user } = session.user;
      return issue(user, partner, session.id, session.expiresAt);
    },

    /** Ends one session (logout); returns whether it was still open. */
    async end(sessionId: string, reason: SessionEndReason) {
      return (await endSessions({ id: sessionId }, reason)).length > 0;
    },

    /** Ends every session of a user; with a user revocation too, every access token of theirs ends (API-key ones included). */
    async endAllOf(userId: string, reason: SessionEndReason) {
      await endSessions({ userId }, reason);
      await revocations.revoke("user", userId);
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
