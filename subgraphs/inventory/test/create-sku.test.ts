import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoIdentity, errorCodes, signedGql, startTestSubgraph, tokenFor, type TestSubgraph } from "@floorgraph/testing";
import type { PrismaClient } from "@floorgraph/prisma/inventory";
import { inventoryService } from "../src/server.ts";
import { writeCounts } from "./helpers.ts";

// Creating a SKU never asks the warehouse subgraph, so no peer runs here.
let inv: TestSubgraph<PrismaClient>;
let admin: string;
beforeAll(async () => {
  inv = await startTestSubgraph(inventoryService, { seed: true });
  admin = await tokenFor("ADMIN");
}, 60_000);
afterAll(() => inv?.stop());

const CREATE = `mutation($input: CreateSkuInput!) { createSku(input: $input) { id code name unit abcClass lotTracked reorderPoint totalOnHand stock { id } } }`;

async function expectRefused(input: Record<string, unknown>, code: string, token = admin) {
  const before = await writeCounts(inv);
  const res = await signedGql(inv.url, CREATE, { input }, token);
  expect(errorCodes(res)).toEqual([code]);
  expect(await writeCounts(inv)).toEqual(before);
  return res;
}

describe("createSku", () => {
  it("creates a SKU with defaults and an audit entry", async () => {
    const res = await signedGql(inv.url, CREATE, { input: { code: " new-sku-1 ", name: " Folding crate " } }, await tokenFor("SUPERVISOR"));
    expect(res.errors).toBeUndefined();
    expect(res.data?.createSku).toMatchObject({ code: "NEW-SKU-1", name: "Folding crate", unit: "EACH", abcClass: "C", lotTracked: false, reorderPoint: 0, totalOnHand: 0, stock: [] });
    const audit = await inv.prisma.auditEntry.findFirstOrThrow({ where: { subjectId: res.data?.createSku.id } });
    expect(audit).toMatchObject({ action: "sku.created", actorId: demoIdentity("SUPERVISOR").userId });
    const again = await signedGql(inv.url, `{ sku(code: "NEW-SKU-1") { id } }`, {}, await tokenFor("VIEWER"));
    expect(again.data?.sku.id).toBe(res.data?.createSku.id);
  });

  it("stores every field given", async () => {
    const input = { code: "CHILL-42", name: "Skyr 1 kg", description: "Plain", unit: "KG", weightKg: 1.04, lotTracked: true, abcClass: "A", reorderPoint: 30, safetyStock: 12 };
    const res = await signedGql(inv.url, `mutation($input: CreateSkuInput!) { createSku(input: $input) { code name description unit weightKg lotTracked serialTracked abcClass reorderPoint safetyStock belowReorderPoint } }`, { input }, admin);
    expect(res.data?.createSku).toEqual({ ...input, serialTracked: false, belowReorderPoint: true });
  });

  it("refuses a duplicate code with CONFLICT and writes nothing", async () => {
    const res = await expectRefused({ code: "sku-00001", name: "Dup" }, "CONFLICT");
    expect(res.errors?.[0]?.message).toContain("SKU-00001");
  });

  it("validates code, name and quantities with BAD_USER_INPUT", async () => {
    for (const input of [
      { code: "AB", name: "short code" },
      { code: "-ABC", name: "leading dash" },
      { code: "AB C", name: "space" },
      { code: "ÄBC", name: "non-ascii" },
      { code: "A".repeat(33), name: "too long" },
      { code: "GOOD-1", name: "  " },
      { code: "GOOD-2", name: "negative", reorderPoint: -1 },
      { code: "GOOD-3", name: "negative", weightKg: -0.5 },
    ]) {
      await expectRefused(input, "BAD_USER_INPUT");
    }
  });

  it("lets only ADMIN and SUPERVISOR create SKUs", async () => {
    for (const role of ["OPERATOR", "PICKER", "VIEWER", "PARTNER"] as const) {
      await expectRefused({ code: `ROLE-${role}`, name: "x" }, "FORBIDDEN", await tokenFor(role));
    }
    expect(errorCodes(await signedGql(inv.url, CREATE, { input: { code: "ANON-1", name: "x" } }))).toEqual(["UNAUTHENTICATED"]);
  });
});
