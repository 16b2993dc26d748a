import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Partner API keys look like fgk_<8 hex prefix>_<43 char secret>; only a SHA-256 of the whole key is stored. */
const KEY_PATTERN = /^fgk_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = `fgk_${randomBytes(4).toString("hex")}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export function parseApiKey(key: string): { prefix: string } | null {
  const match = KEY_PATTERN.exec(key);
  return match ? { prefix: `fgk_${match[1]}` } : null;
}

export function apiKeyMatches(key: string, secretHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), "hex");
  const b = Buffer.from(secretHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The scopes a partner key can be granted: one list, shared with the gateway's authorization. */
export { API_KEY_SCOPES as API_SCOPES } from "@floorgraph/auth";
