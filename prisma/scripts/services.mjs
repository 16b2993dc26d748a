import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const root = fileURLToPath(new URL("..", import.meta.url));
export const SERVICES = ["users", "orders", "inventory", "warehouse", "shipment", "wcs"].filter((s) =>
  existsSync(join(root, s, "schema.prisma")),
);
