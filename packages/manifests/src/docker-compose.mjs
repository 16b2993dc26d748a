// Renders docker-compose.yml from the manifests: the fixed infrastructure, one container per subgraph
// (in boot order, peers' URLs on the compose network) and the gateway routed to all of them.
import { relative } from "node:path";
import { urlEnvVar } from "./derive.mjs";

const HEADER = `# GENERATED from the subgraph manifests (subgraphs/*/subgraph.json, wcs-bridge/subgraph.json) by
# \`npm run compose\`; edit packages/manifests/src/docker-compose.mjs or a manifest, not this file.
# The complete system as deployed: PostgreSQL (one database per service), Apache Kafka (KRaft, one node)
# for the domain events, Redis for token revocations (and the WCS floor feed), the subgraphs, the gateway
# and the dashboard, each its own process from the one image; Prometheus (deploy/prometheus/prometheus.yml)
# scraping every service's /metrics, Grafana with the Floorgraph dashboard (deploy/grafana/), and an
# OpenTelemetry collector (deploy/otel-collector.yaml) sending traces to Jaeger. \`docker compose up --build\`,
# then http://localhost:4000/graphql, the dashboard on :4173, Grafana :3000, Prometheus :9090, Jaeger :16686.
# Demo data (and the demo logins) are seeded while NODE_ENV is not production; set JWT_SECRET,
# SUBGRAPH_SIGNING_SECRETS and POSTGRES_PASSWORD for anything but a local trial (with NODE_ENV=production
# the services refuse the *change-me* defaults below and demo seeding). Subgraphs answer only
# requests the gateway (or a peer) signed with SUBGRAPH_SIGNING_SECRETS, so their ports are not
# published: only the gateway's is. The floor simulator stands in for the PLCs; a real PLC wants
# SignAndEncrypt and credentials (WCS_FLOOR_* in wcs-bridge/subgraph.json).
x-service-env: &service-env
  NODE_ENV: \${NODE_ENV:-development}
  HOST: 0.0.0.0
  LOG_LEVEL: \${LOG_LEVEL:-info}
  JWT_SECRET: \${JWT_SECRET:-local-compose-secret-change-me-0123456789}
  SUBGRAPH_SIGNING_SECRETS: \${SUBGRAPH_SIGNING_SECRETS:-local-compose-signing-secret-change-me-0123456789}
  KAFKA_BROKERS: kafka:9092
  REDIS_URL: redis://redis:6379
  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318

services:
  redis:
    image: redis:7-bookworm
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 2s
      timeout: 3s
      retries: 30
    restart: unless-stopped

  postgres:
    image: postgres:16-bookworm
    environment:
      POSTGRES_PASSWORD: \${POSTGRES_PASSWORD:-floorgraph}
    volumes:
      - postgres-data:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 2s
      timeout: 3s
      retries: 30
    restart: unless-stopped

  kafka:
    # The 3.9 line: kafkajs speaks protocol versions Kafka 4 removed.
    image: apache/kafka:3.9.1
    environment:
      KAFKA_NODE_ID: 1
      KAFKA_PROCESS_ROLES: broker,controller
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092
      KAFKA_CONTROLLER_LISTENER_NAMES: CONTROLLER
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
      KAFKA_CONTROLLER_QUORUM_VOTERS: 1@kafka:9093
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false"
      KAFKA_LOG_DIRS: /var/lib/kafka/data
    volumes:
      - kafka-data:/var/lib/kafka/data
    healthcheck:
      test: ["CMD-SHELL", "/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null"]
      interval: 5s
      timeout: 10s
      retries: 30
      start_period: 20s
    restart: unless-stopped

  floor-simulator:
    build: .
    command: ["node", "--import", "tsx", "wcs-bridge/src/simulator/main.ts"]
    environment:
      LOG_LEVEL: \${LOG_LEVEL:-info}
      SIMULATOR_HOST: floor-simulator
      SIMULATOR_PORT: "4840"
    restart: unless-stopped

  otel-collector:
    image: otel/opentelemetry-collector-contrib:0.114.0
    command: ["--config=/etc/otelcol/config.yaml"]
    volumes:
      - ./deploy/otel-collector.yaml:/etc/otelcol/config.yaml:ro
    depends_on:
      jaeger:
        condition: service_started
    restart: unless-stopped

  jaeger:
    image: jaegertracing/all-in-one:1.63.0
    environment:
      COLLECTOR_OTLP_ENABLED: "true"
    ports:
      - "16686:16686"
    restart: unless-stopped

  prometheus:
    image: prom/prometheus:v2.55.1
    volumes:
      - ./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro
      - prometheus-data:/prometheus
    ports:
      - "9090:9090"
    healthcheck:
      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:9090/-/ready"]
      interval: 5s
      timeout: 3s
      retries: 30
    restart: unless-stopped

  grafana:
    image: grafana/grafana:11.3.1
    environment:
      GF_SECURITY_ADMIN_PASSWORD: \${GRAFANA_ADMIN_PASSWORD:-floorgraph-change-me}
      GF_AUTH_ANONYMOUS_ENABLED: "false"
    volumes:
      - ./deploy/grafana/provisioning:/etc/grafana/provisioning:ro
      - ./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro
      - grafana-data:/var/lib/grafana
    ports:
      - "3000:3000"
    depends_on:
      prometheus:
        condition: service_healthy
    restart: unless-stopped
`;

/** `path`: /health/ready for a subgraph (its database), /health/live for the gateway (it serves partial data). */
const healthcheck = (port, path = "/health/ready", extra = ["      start_period: 60s"]) => [
  "    healthcheck:",
  `      test: ["CMD", "node", "-e", "fetch('http://127.0.0.1:${port}${path}').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]`,
  "      interval: 5s",
  "      timeout: 3s",
  "      retries: 30",
  ...extra,
];

const quote = (value) => (/^[\w./:-]*$/.test(value) && !/^\d+$/.test(value) && !["true", "false"].includes(value) ? value : JSON.stringify(value));

function subgraphService(m, byName, root) {
  const peers = m.peers.map((p) => `      ${urlEnvVar(p)}: http://${p}:${byName.get(p).port}/graphql`);
  const extraEnv = Object.entries(m.container.environment).map(([k, v]) => `      ${k}: ${quote(v)}`);
  const started = m.container.dependsOn.flatMap((s) => [`      ${s}:`, "        condition: service_started"]);
  return [
    `  ${m.name}:`,
    "    build: .",
    `    command: ["node", "--import", "tsx", "${relative(root, m.paths.main)}"]`,
    "    environment:",
    "      <<: *service-env",
    `      PORT: "${m.port}"`,
    `      OTEL_SERVICE_NAME: ${m.name}`,
    `      DATABASE_URL: postgres://postgres:\${POSTGRES_PASSWORD:-floorgraph}@postgres:5432/floorgraph_${m.name}`,
    ...peers,
    ...extraEnv,
    "    depends_on:",
    ...["postgres", "redis", "kafka"].flatMap((s) => [`      ${s}:`, "        condition: service_healthy"]),
    ...started,
    ...healthcheck(m.port),
    "    restart: unless-stopped",
    "",
  ];
}

function gatewayService(manifests) {
  const byPort = [...manifests].sort((a, b) => a.port - b.port);
  return [
    "  gateway:",
    "    build: .",
    '    command: ["node", "--import", "tsx", "gateway/src/main.ts", "--supergraph", "schema/supergraph.graphql", "--port", "4000"]',
    "    environment:",
    "      NODE_ENV: ${NODE_ENV:-development}",
    "      HOST: 0.0.0.0",
    "      LOG_LEVEL: ${LOG_LEVEL:-info}",
    "      JWT_SECRET: ${JWT_SECRET:-local-compose-secret-change-me-0123456789}",
    "      REDIS_URL: redis://redis:6379",
    "      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318",
    "      OTEL_SERVICE_NAME: gateway",
    "      SUBGRAPH_SIGNING_SECRETS: ${SUBGRAPH_SIGNING_SECRETS:-local-compose-signing-secret-change-me-0123456789}",
    ...byPort.map((m) => `      ${urlEnvVar(m.name)}: http://${m.name}:${m.port}/graphql`),
    "    ports:",
    '      - "4000:4000"',
    "    depends_on:",
    "      redis: { condition: service_healthy }",
    ...byPort.map((m) => `      ${m.name}: { condition: service_healthy }`),
    ...healthcheck(4000, "/health/live", []),
    "    restart: unless-stopped",
    "",
  ];
}

/** The dashboard (web/): its built files and /config.json, pointing the browser at the gateway. */
const dashboardService = () => [
  "  dashboard:",
  "    build: .",
  '    command: ["node", "--import", "tsx", "apps/stack/src/dashboard-main.ts"]',
  "    environment:",
  "      HOST: 0.0.0.0",
  '      DASHBOARD_PORT: "4173"',
  "      DASHBOARD_GRAPHQL_URL: ${DASHBOARD_GRAPHQL_URL:-http://localhost:4000/graphql}",
  "    ports:",
  '      - "4173:4173"',
  "    depends_on:",
  "      gateway: { condition: service_started }",
  ...healthcheck(4173, "/config.json", []),
  "    restart: unless-stopped",
  "",
];

/** docker-compose.yml's text for these manifests (discoverSubgraphs' boot order). */
export function renderDockerCompose(manifests, root) {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  const body = [
    ...manifests.flatMap((m) => subgraphService(m, byName, root)),
    ...gatewayService(manifests),
    ...dashboardService(),
    "volumes:",
    "  postgres-data:",
    "  kafka-data:",
    "  prometheus-data:",
    "  grafana-data:",
    "",
  ];
  return `${HEADER}\n${body.join("\n")}`;
}
