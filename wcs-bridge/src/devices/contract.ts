/**
 * The address-space contract the WCS bridge codes against (see wcs-bridge/README.md): the
 * namespace URI and the string NodeIds of every device, variable and method.
 */
export const NAMESPACE_URI = "urn:floorgraph:floor-simulator";

/** `Conveyor/CV-INB-01`, `Conveyor/CV-INB-01/Speed`: the `s=` part of a NodeId in namespace 1. */
export const devicePath = (kind: string, id: string, member?: string) => (member ? `${kind}/${id}/${member}` : `${kind}/${id}`);

export const FLOOR_PATHS = {
  floor: "Floor",
  layout: "Floor/Layout",
  clock: "Floor/Clock",
  seed: "Floor/Seed",
  activeAlarms: "Floor/ActiveAlarms",
  scanEventType: "ToteScannedEventType",
} as const;

/** Every method answers with these two outputs; a refusal is Accepted=false, never a Bad status. */
export const METHOD_OUTPUTS = ["Accepted", "Reason"] as const;

/** String NodeId in the floor's namespace; its index is 1 by contract (the bridge checks it on connect). */
export const floorNodeId = (path: string) => `ns=1;s=${path}`;
