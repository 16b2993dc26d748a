// Finds every subgraph of the repository: each npm workspace folder holding a subgraph.json.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestSchema } from "./schema.mjs";

export const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
export const MANIFEST_FILE = "subgraph.json";

export class ManifestError extends Error {
  name = "ManifestError";
}

/** The workspace folders of the root package.json ("dir" or "dir/*"), relative to the root. */
function workspaceFolders(root) {
  const { workspaces = [] } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    if (!existsSync(join(root, parent))) return [];
    // statSync follows symbolic links: a linked folder is a workspace like any other.
    return readdirSync(join(root, parent))
      .filter((name) => statSync(join(root, parent, name)).isDirectory())
      .map((name) => `${parent}/${name}`)
      .sort();
  });
}

/** Reads and validates one manifest; paths come back absolute, with the files they name checked. */
export function readManifest(root, folder) {
  const file = join(root, folder, MANIFEST_FILE);
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ManifestError(`${folder}/${MANIFEST_FILE}: ${error.message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
    throw new ManifestError(`${folder}/${MANIFEST_FILE} is not a valid subgraph manifest:\n${issues}`);
  }
  const m = parsed.data;
  const dir = join(root, folder);
  const paths = {
    sdl: join(dir, m.sdl),
    main: join(dir, m.main),
    definition: join(dir, m.definition.module),
    prisma: join(root, m.prisma),
    prismaSchema: join(root, m.prisma, "schema.prisma"),
    migrations: join(root, m.prisma, "migrations"),
  };
  for (const key of ["sdl", "main", "definition", "prismaSchema"]) {
    if (!existsSync(paths[key])) throw new ManifestError(`${folder}/${MANIFEST_FILE}: ${key} ${relative(root, paths[key])} does not exist`);
  }
  return { ...m, folder, dir, paths };
}

/** Boot order: every subgraph after the peers it calls; otherwise by port. */
function bootOrder(manifests) {
  const pending = [...manifests].sort((a, b) => a.port - b.port);
  const ordered = [];
  while (pending.length) {
    const next = pending.findIndex((m) => m.peers.every((p) => ordered.some((o) => o.name === p)));
    if (next < 0) throw new ManifestError(`peers form a cycle among ${pending.map((m) => m.name).join(", ")}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** Checks what no single manifest can: unique names and ports, known peers, consumed topics someone produces. */
function checkTogether(manifests) {
  const seen = (key) => {
    const first = new Map();
    for (const m of manifests) {
      const value = m[key];
      if (first.has(value)) throw new ManifestError(`${m.folder} and ${first.get(value)} both declare ${key} ${value}`);
      first.set(value, m.folder);
    }
  };
  seen("name");
  seen("port");
  seen("prisma");
  const names = new Set(manifests.map((m) => m.name));
  const produced = new Set(manifests.flatMap((m) => m.events.produces));
  for (const m of manifests) {
    for (const peer of m.peers) if (!names.has(peer)) throw new ManifestError(`${m.folder}: peer ${peer} is no subgraph (known: ${[...names].join(", ")})`);
    for (const topic of m.events.consumes) {
      if (!produced.has(topic)) throw new ManifestError(`${m.folder}: consumes ${topic}, which no subgraph declares it produces`);
    }
  }
}

const cache = new Map();

/** Every subgraph under `root` (the repository by default), validated, in boot order. */
export function discoverSubgraphs(root = REPO_ROOT) {
  if (!cache.has(root)) {
    const manifests = workspaceFolders(root)
      .filter((folder) => existsSync(join(root, folder, MANIFEST_FILE)))
      .map((folder) => readManifest(root, folder));
    checkTogether(manifests);
    cache.set(root, Object.freeze(bootOrder(manifests)));
  }
  return cache.get(root);
}

/** The manifest of one subgraph; throws for an unknown name. */
export function subgraphNamed(name, root = REPO_ROOT) {
  const found = discoverSubgraphs(root).find((m) => m.name === name);
  if (!found) throw new ManifestError(`no subgraph named ${name} (known: ${discoverSubgraphs(root).map((m) => m.name).join(", ")})`);
  return found;
}
