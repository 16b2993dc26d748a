import { randomUUID } from "node:crypto";
import { gql, type GraphQLResponse } from "@floorgraph/testing";

// The contract query, verbatim.
export const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    id status
    lines { sku { code } quantity reservedQuantity pickedQuantity }
    pickTasks { id status quantity location { code } }
    shipments { trackingNumber status }
  }
}`;
export const CANCEL = `mutation Cancel($id: ID!) { cancelOrder(id: $id) { id status } }`;

export interface OrderView {
  id: string;
  status: string;
  lines: { sku: { code: string }; quantity: number; reservedQuantity: number; pickedQuantity: number }[];
  pickTasks: { id: string; status: string; quantity: number; location: { code: string } }[];
  shipments: { trackingNumber: string; status: string }[];
}

/** Fails with the response's errors instead of a confusing undefined further on. */
export function ok<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** Drives the human steps of order to ship through the gateway, as the people on the floor would. */
export function createFlow(url: string, token: string) {
  const call = <T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}) => gql<T>(url, query, variables, token);

  async function order(id: string): Promise<OrderView> {
    return ok(await call<{ order: OrderView }>(ORDER, { id })).order;
  }

  return {
    call,
    order,
    /** Polls the contract query until the order matches (the flow is asynchronous by design). */
    async waitForOrder(id: string, done: (o: OrderView) => boolean, what: string, timeoutMs = 30_000): Promise<OrderView> {
      const deadline = Date.now() + timeoutMs;
      let last: OrderView | null = null;
      while (Date.now() < deadline) {
        last = await order(id);
        if (done(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`order ${id} never became ${what}; last seen: ${JSON.stringify(last)}`);
    },

    async pickLocations(count: number): Promise<{ id: string; code: string }[]> {
      const data = ok(await call<{ locations: { id: string; code: string }[] }>(`query { locations(type: PICK, first: ${count}) { id code } }`));
      return data.locations;
    },

    /** A SKU of the test's own with exactly the given stock. */
    async createSku(code: string, stock: { locationId: string; quantity: number; lot?: string; expiresOn?: string }[], lotTracked = false) {
      ok(await call(`mutation($input: CreateSkuInput!) { createSku(input: $input) { code } }`, { input: { code, name: `Test ${code}`, lotTracked } }));
      for (const s of stock) {
        ok(
          await call(`mutation($input: AdjustStockInput!) { adjustStock(input: $input) { id } }`, {
            input: { skuCode: code, locationId: s.locationId, delta: s.quantity, reason: "RECEIPT", lot: s.lot, expiresOn: s.expiresOn },
          }),
        );
      }
    },

    async sku(code: string) {
      return ok(
        await call<{ sku: { totalOnHand: number; totalReserved: number; stock: { quantity: number; reserved: number; lot: string | null; location: { id: string } }[] } }>(
          `query($code: String!) { sku(code: $code) { totalOnHand totalReserved stock { quantity reserved lot location { id } } } }`,
          { code },
        ),
      ).sku;
    },

    async placeOrder(lines: { skuCode: string; quantity: number }[]): Promise<string> {
      const data = ok(await call<{ placeOrder: { id: string } }>(`mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`, { input: { idempotencyKey: randomUUID(), lines } }));
      return data.placeOrder.id;
    },

    async releaseWaveOf(orderId: string) {
      const data = ok(await call<{ order: { pickTasks: { wave: { id: string; status: string } }[] } }>(`query($id: ID!) { order(id: $id) { pickTasks { wave { id status } } } }`, { id: orderId }));
      const planned = [...new Set(data.order.pickTasks.filter((t) => t.wave.status === "PLANNED").map((t) => t.wave.id))];
      for (const id of planned) ok(await call(`mutation($id: ID!) { releaseWave(id: $id) { id status } }`, { id }));
    },

    confirmPick: (taskId: string, quantity: number, toteId = "TOTE-0001") =>
      call<{ confirmPick: { id: string; status: string } }>(`mutation($t: ID!, $q: Int!, $tote: String!) { confirmPick(taskId: $t, quantity: $q, toteId: $tote) { id status pickedQuantity } }`, { t: taskId, q: quantity, tote: toteId }),

    confirmPack: (orderId: string, packages = [{ weightKg: 2.5, lengthCm: 40, widthCm: 30, heightCm: 20 }]) =>
      call(`mutation($id: ID!, $p: [PackedPackageInput!]!) { confirmPack(orderId: $id, packages: $p) { id } }`, { id: orderId, p: packages }),

    async shipmentIdOf(orderId: string): Promise<string> {
      const data = ok(await call<{ order: { shipments: { id: string }[] } }>(`query($id: ID!) { order(id: $id) { shipments { id } } }`, { id: orderId }));
      return data.order.shipments[0]?.id as string;
    },

    shipShipment: (id: string) => call(`mutation($id: ID!) { shipShipment(id: $id) { id status } }`, { id }),
  };
}
export type Flow = ReturnType<typeof createFlow>;
