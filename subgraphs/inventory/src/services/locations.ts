import { conflict, notFound } from "@floorgraph/errors";
import { callPeer, type PeerUrls, type RequestContext } from "@floorgraph/service";

/** What a peer call needs from the request: the caller's token and request id, and a logger. */
export type CallerContext = Pick<RequestContext, "token" | "requestId" | "logger" | "signPeerRequest">;

interface PeerLocation {
  id: string;
  active: boolean;
}

/**
 * Locations belong to the warehouse subgraph, so inventory asks it, on the caller's behalf, whether
 * they exist before writing stock there. No answer means no write (UNAVAILABLE).
 */
export function createLocationDirectory(peers: PeerUrls) {
  async function lookup(ctx: CallerContext, ids: string[]): Promise<Map<string, PeerLocation | null>> {
    // One aliased field per id: a single round trip whatever the number of locations.
    const fields = ids.map((_, i) => `l${i}: location(id: $id${i}) { id active }`).join(" ");
    const params = ids.map((_, i) => `$id${i}: ID!`).join(", ");
    const variables = Object.fromEntries(ids.map((id, i) => [`id${i}`, id]));
    const data = await callPeer<Record<string, PeerLocation | null>>(
      peers.warehouse,
      "warehouse",
      ctx,
      `query InventoryLocationCheck(${params}) { ${fields} }`,
      variables,
    );
    return new Map(ids.map((id, i) => [id, data[`l${i}`] ?? null]));
  }

  return {
    /**
     * Checks that every location exists; those in `receiving` must also be active, because stock
     * may be taken out of a deactivated location but not put into one.
     */
    async assertLocations(ctx: CallerContext, ids: string[], receiving: string[]): Promise<void> {
      const found = await lookup(ctx, [...new Set(ids)]);
      for (const id of ids) {
        const location = found.get(id);
        if (!location) throw notFound("Location", id);
        if (receiving.includes(id) && !location.active) {
          throw conflict(`Location ${id} is inactive and cannot receive stock`, { locationId: id });
        }
      }
    },
  };
}
export type LocationDirectory = ReturnType<typeof createLocationDirectory>;
