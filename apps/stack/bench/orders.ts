// `npm run bench:orders [orders] [concurrency]`: order placement through the gateway with the
// order-to-ship events on Kafka. Measures, per order, from sending placeOrder to the warehouse
// having committed its pick tasks (seen as warehouse.pick_tasks_planned on the bus): the outbox
// relay, Kafka, inventory's reservation, Kafka again and the warehouse's planning. Kafka is the
// broker of FLOORGRAPH_TEST_KAFKA_BROKERS, else one of the bench's own (jars from
// scripts/services.sh kafka). The same run on the in-process bus is the baseline. Databases: PGlite in
// this process, or PostgreSQL with FLOORGRAPH_TEST_DATABASE_URL.
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { KafkaBus, type EventBus } from "@floorgraph/events";
import { createLogger } from "@floorgraph/logger";
import { gql, startOwnKafka, testConfig, tokenFor, uniqueTopicPrefix } from "@floorgraph/testing";
import { phase, quantile, startBenchStack } from "./support.ts";

const ORDERS = Number(process.argv[2] ?? 300);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const SKUS = 5;
const logger = createLogger("bench-orders", "error");

interface Figures {
  database: string;
  ordersPerSecond: number;
  place: number[];
  toTasks: number[];
}

async function run(bus: EventBus | undefined): Promise<Figures> {
  const stack = await startBenchStack({ simulatorPort: 0 }, bus);
  try {
    const token = await tokenFor("ADMIN");
    const call = async (query: string, variables: Record<string, unknown>) => {
      const res = await gql(stack.gateway.url, query, variables, token);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data as Record<string, any>;
    };
    const locations = (await call(`query { locations(type: PICK, first: 4) { id } }`, {})).locations as { id: string }[];
    const codes = Array.from({ length: SKUS }, (_, i) => `B-${randomUUID().slice(0, 6).toUpperCase()}-${i}`);
    for (const code of codes) {
      await call(`mutation($i: CreateSkuInput!) { createSku(input: $i) { code } }`, { i: { code, name: code } });
      for (const l of locations) await call(`mutation($i: AdjustStockInput!) { adjustStock(input: $i) { id } }`, { i: { skuCode: code, locationId: l.id, delta: 100_000, reason: "RECEIPT" } });
    }

    const planned = new Map<string, () => void>();
    const seen = new Map<string, number>();
    const watcher = await stack.bus.subscribe({
      group: `bench-${randomUUID()}`,
      topics: ["warehouse.events"],
      handle: async (m) => {
        const event = JSON.parse(m.value) as { type: string; data: { orderId: string } };
        if (event.type !== "warehouse.pick_tasks_planned") return;
        seen.set(event.data.orderId, performance.now());
        planned.get(event.data.orderId)?.();
      },
    });
    const place: number[] = [];
    const toTasks: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ORDERS) {
          const n = next++;
          const lines = [{ skuCode: codes[n % SKUS], quantity: 1 + (n % 3) }, { skuCode: codes[(n + 1) % SKUS], quantity: 1 }];
          const sent = performance.now();
          const id = (await call(`mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), lines } })).placeOrder.id as string;
          place.push(performance.now() - sent);
          await new Promise<void>((resolve) => (seen.has(id) ? resolve() : planned.set(id, resolve)));
          toTasks.push((seen.get(id) as number) - sent);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await watcher.stop();
    return { database: stack.database, ordersPerSecond: ORDERS / seconds, place, toTasks };
  } finally {
    await stack.stop();
  }
}

const brokers = testConfig.FLOORGRAPH_TEST_KAFKA_BROKERS?.split(",") ?? null;
const own = brokers ? null : await startOwnKafka();
if (!brokers && !own) throw new Error("no Kafka: set FLOORGRAPH_TEST_KAFKA_BROKERS or install the broker with `bash scripts/services.sh kafka`");
const kafka = await KafkaBus.connect({ brokers: brokers ?? own!.brokers, clientId: "floorgraph-bench", topicPrefix: uniqueTopicPrefix("bench"), logger });
const onKafka = await phase("orders on Kafka", () => run(kafka));
await kafka.close();
await own?.close();
const inProcess = await phase("orders on the in-process bus", () => run(undefined));

const ms = (v: number) => `${v.toFixed(1)} ms`;
const row = (name: string, f: Figures) =>
  `${name.padEnd(12)} ${f.ordersPerSecond.toFixed(1).padStart(7)} orders/s   placeOrder p50 ${ms(quantile(f.place, 0.5))} p99 ${ms(quantile(f.place, 0.99))}   placeOrder → pick tasks p50 ${ms(quantile(f.toTasks, 0.5))} p99 ${ms(quantile(f.toTasks, 0.99))}`;
process.stdout.write(
  [
    `bench:orders — ${ORDERS} orders of 2 lines, ${CONCURRENCY} at a time, through the gateway (${onKafka.database}, a database per service)`,
    row("Kafka", onKafka),
    row("in-process", inProcess),
    `Kafka / in-process, placeOrder → pick tasks p50: ${(quantile(onKafka.toTasks, 0.5) / quantile(inProcess.toTasks, 0.5)).toFixed(2)}x`,
    "",
  ].join("\n"),
);
process.exit(0);
