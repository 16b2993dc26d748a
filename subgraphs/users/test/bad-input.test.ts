import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusals, signedGql, startTestSubgraph, type TestSubgraph, tokenFor } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/users";
import { usersService } from "../src/server.ts";

// Issue 11: strings no column can hold, impossible dates and over-long text are BAD_USER_INPUT
// naming the field, and nothing is written.
let subgraph: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  subgraph = await startTestSubgraph(usersService, { seed: true });
  admin = await tokenFor("ADMIN");
});
afterAll(() => subgraph?.stop());

const NUL = "\u0000";
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const CREATE_PARTNER = `mutation($input: CreatePartnerInput!) { createPartner(input: $input) { id } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;

async function counts() {
  const p = subgraph.prisma;
  return { users: await p.user.count(), partners: await p.partner.count(), keys: await p.apiKey.count(), audits: await p.auditEntry.count() };
}
const user = (overrides: Record<string, unknown> = {}) => ({ email: "new.person@floorgraph.dev", name: "New Person", role: "OPERATOR", password: "long-enough-pw", ...overrides });

describe("users: bad input", () => {
  it("refuses a NUL byte in every text field of createUser, createPartner, createApiKey and login, writing nothing", async () => {
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const before = await counts();
    const cases: [string, Record<string, unknown>, string][] = [
      [CREATE_USER, { input: user({ email: `a${NUL}@b.dev` }) }, "input.email"],
      [CREATE_USER, { input: user({ name: `New${NUL}` }) }, "input.name"],
      [CREATE_USER, { input: user({ password: `long-enough${NUL}` }) }, "input.password"],
      [CREATE_PARTNER, { input: { code: "NULCO", name: `Nul${NUL}Co` } }, "input.name"],
      [CREATE_KEY, { input: { partnerId: acme.id, name: `ERP${NUL}`, scopes: ["orders:read"] } }, "input.name"],
      [CREATE_KEY, { input: { partnerId: acme.id, name: "ERP", scopes: [`orders:read${NUL}`] } }, "input.scopes[0]"],
      [LOGIN, { email: `admin@floorgraph.dev${NUL}`, password: "x" }, "email"],
    ];
    for (const [query, variables, field] of cases) {
      expect(refusals(await signedGql(subgraph.url, query, variables, admin)), field).toEqual([{ code: "BAD_USER_INPUT", field }]);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses an impossible expiresAt on createApiKey, naming the field", async () => {
    const acme = await subgraph.prisma.partner.findUniqueOrThrow({ where: { code: "ACME" } });
    const before = await counts();
    for (const expiresAt of ["2030-02-30T00:00:00Z", "2030-13-01T00:00:00Z", "yesterday", "2030-01-01T25:00:00Z"]) {
      const res = await signedGql(subgraph.url, CREATE_KEY, { input: { partnerId: acme.id, name: "ERP", scopes: ["orders:read"], expiresAt } }, admin);
      expect(refusals(res), expiresAt).toEqual([{ code: "BAD_USER_INPUT", field: "input.expiresAt" }]);
    }
    expect(await counts()).toEqual(before);
  });

  it("refuses over-long names, emails and passwords", async () => {
    const before = await counts();
    for (const [input, field] of [
      [user({ name: "x".repeat(201) }), "name"],
      [user({ email: `${"x".repeat(250)}@b.dev` }), "email"],
      [user({ password: "x".repeat(257) }), "password"],
    ] as const) {
      expect(refusals(await signedGql(subgraph.url, CREATE_USER, { input }, admin))).toEqual([{ code: "BAD_USER_INPUT", field }]);
    }
    expect(refusals(await signedGql(subgraph.url, CREATE_PARTNER, { input: { code: "LONGCO", name: "x".repeat(201) } }, admin))).toEqual([{ code: "BAD_USER_INPUT", field: "name" }]);
    expect(await counts()).toEqual(before);
  });
});
