import { signToken, type Identity, type Role } from "@floorgraph/auth";
import { demoLogins } from "@floorgraph/demo-data";

/** The secret every test gateway and subgraph signs and verifies requests with. */
export const TEST_SIGNING_SECRET = "floorgraph-test-signing-secret-0123456789abcdef";

/** The JWT settings every test server uses. */
/** The JWT settings every test server uses (access tokens live 15 minutes, as in production). */
export const TEST_JWT = { secret: "floorgraph-test-secret-0123456789abcdef", ttlSeconds: 900 };

/** The demo identity of a role, as the users subgraph would put it in a token. */
export function demoIdentity(role: Role): Identity {
  const user = demoLogins.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user with role ${role}`);
  return { userId: user.id, email: user.email, role, partnerId: user.partnerId, scopes: [], kind: "user" };
}

/** A valid token for a demo user, minted directly (no scrypt login per test). */
export async function tokenFor(role: Role, overrides: Partial<Identity> = {}, ttlSeconds = TEST_JWT.ttlSeconds): Promise<string> {
  return (await signToken({ ...demoIdentity(role), ...overrides }, { ...TEST_JWT, ttlSeconds })).token;
}
