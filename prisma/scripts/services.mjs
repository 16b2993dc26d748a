import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverSubgraphs } from "@floorgraph/manifests";

export const root = fileURLToPath(new URL("..", import.meta.url));
/** The Prisma folders (prisma/<folder>) of every subgraph, from the subgraph manifests. */
export const SERVICES = discoverSubgraphs().map((m) => basename(m.paths.prisma));
