import { callPeer, type PeerUrls, type RequestContext } from "@floorgraph/service";

export type Caller = Pick<RequestContext, "token" | "requestId" | "logger" | "signPeerRequest">;

export interface PeerOrder {
  id: string;
  status: string;
  partnerId: string | null;
}

const ORDER = `query ShipmentOrder($id: ID!) { order(id: $id) { id status partnerId } }`;

/** The orders subgraph as this service needs it: an order's status and owner, asked on the caller's behalf. */
export function createOrdersPeer(peers: PeerUrls) {
  return {
    async fetchOrder(caller: Caller, id: string): Promise<PeerOrder | null> {
      const data = await callPeer<{ order: PeerOrder | null }>(peers.orders, "orders", caller, ORDER, { id });
      return data.order;
    },
  };
}
export type OrdersPeer = ReturnType<typeof createOrdersPeer>;
