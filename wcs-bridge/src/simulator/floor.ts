import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Floor, parseFloor } from "../devices/floor-file.ts";

// The floor file's schema is part of the contract (the bridge reads it from Floor/Layout): it lives in src/devices.
export * from "../devices/floor-file.ts";

/** The floor shipped with the simulator: AMS1's automated area (see floor/default.json). */
export const defaultFloorPath = fileURLToPath(new URL("../../floor/default.json", import.meta.url));

export function loadFloor(path: string = defaultFloorPath): Floor {
  return parseFloor(JSON.parse(readFileSync(path, "utf8")));
}
