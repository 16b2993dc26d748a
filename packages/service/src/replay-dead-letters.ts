// `npm run events:replay -- <service> [eventId …]`: after the cause of a poison event is fixed, gives
// the service's consumer its dead events again (all of them, or the ids given). Uses the service's
// own configuration (DATABASE_URL, or DATA_DIR's embedded database — stop `npm start` first, an
// embedded database has one process at a time); the running service's relay then republishes them.
import { openDatabase } from "@floorgraph/db";
import { replayDeadLetters } from "@floorgraph/events";
import { consumersOf, discoverSubgraphs } from "@floorgraph/manifests";
import type { ServiceName } from "./boot.ts";
import { loadServiceConfig } from "./service-config.ts";

/** The subgraphs whose manifests declare events they consume: each has a consumer and dead letters. */
const CONSUMERS = consumersOf(discoverSubgraphs());
const [service, ...eventIds] = process.argv.slice(2);
if (!service || !(CONSUMERS as readonly string[]).includes(service)) {
  process.stderr.write(`usage: npm run events:replay -- <${CONSUMERS.join("|")}> [eventId …]\n`);
  process.exit(2);
}
const config = loadServiceConfig(service as ServiceName, process.env);
const db = await openDatabase(config.database);
try {
  const replayed = await replayDeadLetters(db, service, eventIds);
  for (const r of replayed) process.stdout.write(`${r.eventId}  ${r.type}  → ${r.topic}\n`);
  process.stdout.write(`${replayed.length} dead event(s) queued for ${service} again\n`);
} catch (error) {
  if ((error as { code?: unknown }).code !== "42P01") throw error;
  process.stderr.write(`${service}'s database has no event tables: is it migrated, and is this its database?\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
