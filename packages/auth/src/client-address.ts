/**
 * The header in which the gateway tells subgraphs the caller's network address (login throttling is
 * per address). Only the gateway sets it: it drops any copy a caller sends.
 */
export const CLIENT_ADDRESS_HEADER = "x-floorgraph-client-address";

/** Normalises an address as sockets report it ("::ffff:127.0.0.1" is 127.0.0.1). */
export const normaliseAddress = (address: string | undefined | null): string | null => {
  const trimmed = address?.trim();
  if (!trimmed) return null;
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
};
