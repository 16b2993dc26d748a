import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { discoverSubgraphs } from "@floorgraph/manifests";

export const root = fileURLToPath(new URL("..", import.meta.url));
/** The Prisma folders (prisma/<folder>) of the subgraphs under repoRoot (the repository by default), from their manifests. */
export const prismaFolders = (repoRoot) => discoverSubgraphs(repoRoot).map((m) => basename(m.paths.prisma));
export const SERVICES = prismaFolders();
