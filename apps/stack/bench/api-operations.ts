// The operations of bench:api: the dashboard's own documents (web/src/graphql/*.graphql, as an
// ADMIN signed in to the dashboard sends them) and the partners' stable operations (README "Using
// the API", as the demo partner), with the weights of the mix.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./api-topologies.ts";

export interface Operation {
  name: string;
  /** Share of the mix (relative). */
  weight: number;
  as: "admin" | "partner";
  /** A request body, new for each request (variables vary). */
  body(): string;
}

const web = (file: string) => readFileSync(join(root, "web/src/graphql", file), "utf8");
/** One operation of a .graphql file, with the fragments it spreads (all of the file's fragments; unused ones would fail validation, so only those used). */
function document(file: string, operation: string): string {
  const text = web(file);
  const blocks = text.split(/\n(?=(?:query|mutation|subscription|fragment) )/);
  const op = blocks.find((b) => new RegExp(`^(query|mutation) ${operation}\\b`).test(b.trim()));
  if (!op) throw new Error(`${operation} not in ${file}`);
  const fragments = new Map(blocks.filter((b) => b.trim().startsWith("fragment ")).map((b) => [b.trim().split(/\s+/)[1]!, b]));
  const used = new Set<string>();
  const visit = (src: string) => {
    for (const [, name] of src.matchAll(/\.\.\.(\w+)/g)) if (name && !used.has(name) && fragments.has(name)) (used.add(name), visit(fragments.get(name)!));
  };
  visit(op);
  return [op, ...[...used].map((n) => fragments.get(n))].join("\n");
}

export const PARTNER_ORDERS = `query Orders {
  orders(first: 20) {
    id number status createdAt
    customer { email }
    lines { quantity sku { code name totalAvailable } }
    shipments { trackingNumber status carrier { name } }
  }
}`;
const PARTNER_SKU = `query Sku($code: String!) {
  sku(code: $code) {
    code name totalAvailable
    stock { quantity location { code zone { name } warehouse { code } } }
  }
}`;
const PLACE = `mutation Place($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id number status lines { quantity sku { code } } }
}`;

export interface Fixtures {
  orderIds: string[];
  skuCodes: string[];
}

const pick = <T>(values: T[]): T => values[Math.floor(Math.random() * values.length)]!;
const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export function operations(f: Fixtures): Operation[] {
  const floor = document("floor.graphql", "FloorSnapshot");
  const list = document("orders.graphql", "OrderList");
  const detail = document("orders.graphql", "OrderDetail");
  const sku = document("inventory.graphql", "SkuDetail");
  const kpis = document("kpis.graphql", "OrderStatusCounts");
  return [
    { name: "floor", weight: 10, as: "admin", body: () => body(floor) },
    { name: "orderList", weight: 15, as: "admin", body: () => body(list, { first: 25 }) },
    { name: "orderDetail", weight: 10, as: "admin", body: () => body(detail, { id: pick(f.orderIds) }) },
    { name: "skuDetail", weight: 10, as: "admin", body: () => body(sku, { code: pick(f.skuCodes) }) },
    { name: "kpiCounts", weight: 10, as: "admin", body: () => body(kpis) },
    { name: "Orders", weight: 30, as: "partner", body: () => body(PARTNER_ORDERS) },
    { name: "Sku", weight: 10, as: "partner", body: () => body(PARTNER_SKU, { code: pick(f.skuCodes) }) },
    {
      name: "placeOrder",
      weight: 5,
      as: "partner",
      body: () => body(PLACE, { input: { idempotencyKey: randomUUID(), lines: [{ skuCode: pick(f.skuCodes), quantity: 1 }] } }),
    },
  ];
}

/** Tokens of the demo ADMIN and PARTNER and the ids the operations pick from, read through the gateway. */
export async function prepare(gatewayUrl: string): Promise<{ tokens: () => Promise<Record<Operation["as"], string>>; fixtures: Fixtures }> {
  const call = async (query: string, token?: string) => {
    const res = await fetch(gatewayUrl, { method: "POST", headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body(query) });
    const json = (await res.json()) as { data?: any; errors?: unknown };
    if (json.errors || !json.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(json.errors)}`);
    return json.data;
  };
  const login = async (email: string) => (await call(`mutation { login(email: "${email}", password: "floorgraph") { token } }`)).login.token as string;
  // Access tokens live 15 minutes, a whole bench longer: a run asks for fresh ones.
  const tokens = async () => ({ admin: await login("admin@floorgraph.dev"), partner: await login("partner@floorgraph.dev") });
  const admin = (await tokens()).admin;
  const orderIds = ((await call(`{ orders(first: 100) { id } }`, admin)).orders as { id: string }[]).map((o) => o.id);
  const skuCodes = ((await call(`{ skus(first: 50) { code } }`, admin)).skus as { code: string }[]).map((s) => s.code);
  if (!orderIds.length || !skuCodes.length) throw new Error("the seeded system has no orders or SKUs");
  return { tokens, fixtures: { orderIds, skuCodes } };
}
