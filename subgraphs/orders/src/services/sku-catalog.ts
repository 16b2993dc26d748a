import { callPeer, type RequestContext } from "@floorgraph/service";

const KNOWN_SKU_CODES = `query OrdersKnownSkus($codes: [String!]!) { knownSkuCodes(codes: $codes) }`;

export type PeerCaller = Pick<RequestContext, "token" | "requestId" | "logger" | "signPeerRequest">;

/** The inventory subgraph's SKU catalogue, asked on the caller's behalf; inventory owns which codes exist. */
export function createSkuCatalog(inventoryUrl: string | undefined) {
  return {
    /** The codes inventory does not know, in the order given. A peer failure is UNAVAILABLE. */
    async unknownCodes(caller: PeerCaller, codes: string[]): Promise<string[]> {
      const data = await callPeer<{ knownSkuCodes: string[] }>(inventoryUrl, "inventory", caller, KNOWN_SKU_CODES, { codes });
      const known = new Set(data.knownSkuCodes);
      return codes.filter((code) => !known.has(code));
    },
  };
}
export type SkuCatalog = ReturnType<typeof createSkuCatalog>;
