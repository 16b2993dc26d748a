// The subscribers of bench:subscriptions, on a thread of their own so that their work (a thousand
// sockets' parsing) neither runs on nor waits for the event loop of the subgraphs and the simulator.
import { parentPort, workerData } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import { wsClient, type TestSocket } from "@floorgraph/testing";

const { url, token, subscribers, conveyorQuery, robotQuery } = workerData as { url: string; token: string; subscribers: number; conveyorQuery: string; robotQuery: string };
const sockets: TestSocket[] = [];
const now = () => performance.timeOrigin + performance.now();
// Receipts are timestamped as they arrive and reported in batches, so that reporting them does not
// load the main thread (which runs the subgraphs) while events are still in flight.
let receipts: { key: string; subscriber: number; at: number }[] = [];
setInterval(() => {
  if (!receipts.length) return;
  parentPort!.postMessage({ receipts });
  receipts = [];
}, 200);

for (let i = 0; i < subscribers; i += 50) {
  for (let j = i; j < Math.min(i + 50, subscribers); j++) {
    const socket = wsClient(url, token);
    sockets.push(socket);
    const kind = j % 2 === 0 ? "conveyor" : "robot";
    const stream = socket.subscribe(kind === "conveyor" ? conveyorQuery : robotQuery);
    void (async () => {
      for (;;) {
        const e = await stream.next(() => true, 3_600_000).catch(() => null);
        if (!e) return;
        const state = kind === "conveyor" ? e.data?.conveyorChanged?.state : e.data?.robotChanged?.state === "PAUSED" ? "PAUSED" : "ACTIVE";
        receipts.push({ key: `${kind}:${state}`, subscriber: j, at: now() });
      }
    })();
  }
  await new Promise((r) => setTimeout(r, 100));
}
parentPort!.postMessage({ ready: true });
parentPort!.on("message", async (message: { stop?: boolean }) => {
  if (!message.stop) return;
  await Promise.all(sockets.map((s) => s.dispose()));
  parentPort!.postMessage({ stopped: true });
});
