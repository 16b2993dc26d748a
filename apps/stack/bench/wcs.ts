// `npm run bench:wcs [commands] [scans]`: the floor's latencies on the whole system (gateway, wcs
// subgraph, OPC UA, the simulator), all in this process so every timestamp is on one clock.
// (a) command round trip: stopConveyor/startConveyor through the gateway, answered once the bridge
//     has observed the PLC's new state; interleaved with the same mutation straight to the wcs
//     subgraph and with a bare OPC UA call + observed change (the baselines, same run, same load).
// (b) scan → divert decision: from the simulated scanner reading a tote, over the OPC UA event,
//     the bridge and a toteScanned subscriber, to a routeTote mutation through the gateway that the
//     PLC accepted.
import { performance } from "node:perf_hooks";
import { createLogger } from "@floorgraph/logger";
import { gql, signedGql, signedWsClient, tokenFor } from "@floorgraph/testing";
import { FloorClient } from "@floorgraph/wcs-bridge";
import { quantile, startBenchStack } from "./support.ts";

const COMMANDS = Number(process.argv[2] ?? 300);
const SCANS = Number(process.argv[3] ?? 150);
const CONVEYOR = "CV-OUT-04";

// A busy floor without random jams or robot errors, so every command is one that can succeed.
const stack = await startBenchStack({ simulatorPort: 0, seed: 11, dynamics: { arrivalsPerMinute: 600, jamProbability: 0, errorProbability: 0 } });
const engine = stack.simulator!.engine;
const token = await tokenFor("OPERATOR");
const bare = await FloorClient.connect(stack.floorEndpoint, { securityMode: "None", allowInsecure: true, logger: createLogger("bench-opcua", "error") });

const MUTATION = (verb: "stop" | "start") => `mutation($id: ID!, $c: ID!) { ${verb}Conveyor(id: $id, commandId: $c) { id state } }`;
let seq = 0;
async function viaGraphQL(url: string, verb: "stop" | "start"): Promise<number> {
  const started = performance.now();
  // The subgraph answers only requests signed as the gateway signs them; the gateway signs its own.
  const send = url === stack.gateway.url ? gql : signedGql;
  const res = await send(url, MUTATION(verb), { id: CONVEYOR, c: `bench-${process.pid}-${++seq}` }, token);
  const elapsed = performance.now() - started;
  const state = res.data?.[`${verb}Conveyor`]?.state;
  if (res.errors || state !== (verb === "stop" ? "STOPPED" : "RUNNING")) throw new Error(`${verb}: ${JSON.stringify(res.errors ?? state)}`);
  return elapsed;
}
async function viaOpcUa(verb: "stop" | "start"): Promise<number> {
  const want = verb === "stop" ? "STOPPED" : "RUNNING";
  const started = performance.now();
  const observed = new Promise<void>((resolve) => {
    const off = bare.state.on("conveyor", (c) => c.id === CONVEYOR && c.state === want && (off(), resolve()));
  });
  const answer = verb === "stop" ? await bare.commands.stopConveyor(CONVEYOR) : await bare.commands.startConveyor(CONVEYOR);
  if (!answer.accepted) throw new Error(answer.reason);
  await observed;
  return performance.now() - started;
}

// (a) Command round trips, the three paths interleaved.
const gateway: number[] = [];
const direct: number[] = [];
const opcua: number[] = [];
for (let i = 0; i < 20; i++) {
  await viaGraphQL(stack.gateway.url, "stop");
  await viaGraphQL(stack.subgraphs.wcs.url, "start");
}
for (let i = 0; i < COMMANDS; i++) {
  const verb = i % 2 === 0 ? "stop" : "start";
  gateway.push(await viaGraphQL(stack.gateway.url, verb));
  direct.push(await viaGraphQL(stack.subgraphs.wcs.url, verb === "stop" ? "start" : "stop"));
  opcua.push(await viaOpcUa(verb));
}

// (b) Scan → divert decision.
const scannedAt = new Map<string, number>();
engine.on((event) => {
  if (event.kind === "scan") scannedAt.set(event.toteId, performance.now());
});
const destinations = engine.state.chutes.map((c) => ({ chute: c.id, destination: stack.simulator!.engine.floor.sorters[0]!.chutes.find((f) => f.id === c.id)!.destination }));
const toClient: number[] = [];
const decision: number[] = [];
const refused: string[] = [];
const socket = signedWsClient(stack.subgraphs.wcs.url, token);
const scans = socket.subscribe<{ toteScanned: { toteId: string; scannerId: string } }>(`subscription { toteScanned { toteId scannerId } }`);
const ROUTE = `mutation($t: String!, $d: ID!, $c: ID!) { routeTote(sorterId: "SRT-01", toteId: $t, destinationId: $d, commandId: $c) { id } }`;
const pending: Promise<void>[] = [];
while (decision.length + refused.length < SCANS) {
  const event = await scans.next(() => true, 30_000);
  const received = performance.now();
  const tote = event.data!.toteScanned.toteId;
  const at = scannedAt.get(tote);
  scannedAt.delete(tote);
  if (at === undefined) continue;
  toClient.push(received - at);
  // The emptiest enabled chute: a decision the PLC can accept.
  const target = engine.state.chutes.filter((c) => c.enabled).sort((a, b) => a.contents.length - b.contents.length)[0]!;
  const destination = destinations.find((d) => d.chute === target.id)!.destination;
  pending.push(
    gql(stack.gateway.url, ROUTE, { t: tote, d: destination, c: `bench-route-${process.pid}-${++seq}` }, token).then((res) => {
      if (res.errors) refused.push(String(res.errors[0]?.message));
      else decision.push(performance.now() - at);
    }),
  );
  if (pending.length >= SCANS) break;
}
await Promise.all(pending);
await socket.dispose();
await bare.close();
await stack.stop();

const row = (name: string, v: number[]) => `  ${name.padEnd(40)} p50 ${quantile(v, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(v, 0.99).toFixed(1).padStart(6)} ms   (n=${v.length})`;
process.stdout.write(
  [
    `(a) command round trip: ${CONVEYOR} stop/start, answered once the new state is observed`,
    row("mutation through the gateway", gateway),
    row("mutation straight to the wcs subgraph", direct),
    row("bare OPC UA call + observed change", opcua),
    `  gateway path / bare OPC UA, p50 ratio ${(quantile(gateway, 0.5) / quantile(opcua, 0.5)).toFixed(2)}x`,
    `(b) scan → divert decision (routeTote through the gateway, accepted by the PLC)`,
    row("scan → toteScanned at the client", toClient),
    row("scan → decision accepted", decision),
    refused.length ? `  refused decisions: ${refused.length} (${refused[0]})` : "  refused decisions: 0",
    "targets: (a) and (b) p99 < 50 ms",
    "",
  ].join("\n"),
);
