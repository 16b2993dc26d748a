// The format of a subgraph's manifest, subgraph.json in its folder. Plain ESM JavaScript so that the
// .mjs build scripts (Prisma generation, `npm start`'s checks) read it as the TypeScript code does.
import { z } from "zod";

const name = z.string().regex(/^[a-z][a-z0-9]*$/, "lower-case letters and digits (it names env vars, databases and consumer groups)");
const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith("/") && !p.split("/").includes(".."), "a path inside the folder");
const topic = z.string().regex(/^[a-z][a-z0-9_]*\.events$/, "<domain>.events, e.g. order.events");
/**
 * Topics only: the event types on a topic are the producer's contracts (src/events), which a
 * test holds to this list; consumers import those contracts, so a type cannot be consumed unproduced.
 */
const topics = z.array(topic).default([]);

export const manifestSchema = z
  .strictObject({
    $comment: z.string().optional(),
    /** The service name: SUBGRAPH_<NAME>_URL, the database <db>_<name>, the consumer group, the event source. */
    name,
    /** The development port (`npm start` puts it at SUBGRAPH_BASE_PORT + port - the lowest port). */
    port: z.number().int().min(1024).max(65535),
    /** The npm workspace that holds the subgraph. */
    package: z.string().regex(/^@[a-z0-9-]+\/[a-z0-9-]+$/),
    /** The SDL, the source of truth of its API (relative to this folder). */
    sdl: relativePath,
    /** The entry point that runs it as its own process. */
    main: relativePath,
    /** The module and export of its ServiceDefinition (or of a factory taking the stack's host options). */
    definition: z.strictObject({ module: relativePath, export: z.string().regex(/^[A-Za-z_$][\w$]*$/) }),
    /** Sibling subgraphs it calls directly on the caller's behalf (they boot before it). */
    peers: z.array(name).default([]),
    /** Its Prisma folder (schema.prisma, migrations), relative to the repository root. */
    prisma: z.string().regex(/^prisma\/[a-z][a-z0-9]*$/, "prisma/<folder>"),
    events: z
      .strictObject({ produces: topics, consumes: topics })
      .default({ produces: [], consumes: [] }),
    /** docker-compose.yml extras for its container: environment and services it needs started first. */
    container: z
      .strictObject({
        environment: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
        dependsOn: z.array(z.string().min(1)).default([]),
      })
      .default({ environment: {}, dependsOn: [] }),
  })
  .superRefine((m, ctx) => {
    if (m.peers.includes(m.name)) ctx.addIssue({ code: "custom", path: ["peers"], message: "a subgraph is not its own peer" });
    for (const direction of /** @type {const} */ (["produces", "consumes"])) {
      if (new Set(m.events[direction]).size !== m.events[direction].length) {
        ctx.addIssue({ code: "custom", path: ["events", direction], message: "names a topic twice" });
      }
    }
  });
