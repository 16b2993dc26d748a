/**
 * A fresh client command id (the bridge acts once per id). getRandomValues rather than randomUUID:
 * the dashboard may be opened over plain http on a LAN address, where randomUUID does not exist.
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}
