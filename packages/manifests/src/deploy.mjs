// Renders the deployment files derived from the manifests beside docker-compose.yml: Prometheus's
// scrape targets (every subgraph and the gateway) and the Kubernetes base (a Deployment, Service and,
// for the gateway and subgraphs, a HorizontalPodAutoscaler per service). Hand-written YAML would
// drift from the manifests the day a subgraph is added; the staleness test catches that here.
import { urlEnvVar } from "./derive.mjs";

const GENERATED = "# GENERATED from the subgraph manifests by `npm run compose`; edit packages/manifests/src/deploy.mjs.";

/** deploy/prometheus/prometheus.yml: one job per service, scraping /metrics on its compose host. */
export function renderPrometheus(manifests) {
  const targets = [{ name: "gateway", port: 4000 }, ...[...manifests].sort((a, b) => a.port - b.port)];
  return [
    GENERATED,
    "global:",
    "  scrape_interval: 15s",
    "  evaluation_interval: 15s",
    "scrape_configs:",
    ...targets.flatMap((t) => [
      `  - job_name: ${t.name}`,
      "    metrics_path: /metrics",
      "    static_configs:",
      `      - targets: ["${t.name}:${t.port}"]`,
      `        labels: { service: ${t.name} }`,
    ]),
    "",
  ].join("\n");
}

const probe = (path, port, initialDelay) => [
  `            httpGet: { path: ${path}, port: ${port} }`,
  `            initialDelaySeconds: ${initialDelay}`,
  "            periodSeconds: 10",
  "            timeoutSeconds: 3",
  "            failureThreshold: 3",
];

const secretEnv = (name, key) => [`            - name: ${name}`, `              valueFrom: { secretKeyRef: { name: floorgraph-secrets, key: ${key} } }`];

function deployment({ name, port, command, env, ready, resources }) {
  return [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    `  name: ${name}`,
    `  labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: floorgraph }`,
    "spec:",
    "  replicas: 1",
    `  selector: { matchLabels: { app.kubernetes.io/name: ${name} } }`,
    "  template:",
    "    metadata:",
    `      labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: floorgraph }`,
    `      annotations: { prometheus.io/scrape: "true", prometheus.io/port: "${port}", prometheus.io/path: /metrics }`,
    "    spec:",
    "      containers:",
    `        - name: ${name}`,
    "          image: floorgraph:latest",
    `          command: ${JSON.stringify(command)}`,
    `          ports: [{ name: http, containerPort: ${port} }]`,
    "          envFrom: [{ configMapRef: { name: floorgraph-config } }]",
    "          env:",
    ...env,
    "          livenessProbe:",
    ...probe("/health/live", port, 20),
    "          readinessProbe:",
    ...probe(ready, port, 5),
    "          resources:",
    `            requests: { cpu: ${resources.cpu}, memory: ${resources.memory} }`,
    `            limits: { memory: ${resources.limit} }`,
    "---",
    "apiVersion: v1",
    "kind: Service",
    "metadata:",
    `  name: ${name}`,
    `  labels: { app.kubernetes.io/name: ${name}, app.kubernetes.io/part-of: floorgraph }`,
    "spec:",
    `  selector: { app.kubernetes.io/name: ${name} }`,
    `  ports: [{ name: http, port: ${port}, targetPort: http }]`,
  ];
}

const hpa = (name, max) => [
  "apiVersion: autoscaling/v2",
  "kind: HorizontalPodAutoscaler",
  "metadata:",
  `  name: ${name}`,
  "spec:",
  `  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${name} }`,
  "  minReplicas: 1",
  `  maxReplicas: ${max}`,
  "  metrics:",
  "    - type: Resource",
  "      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }",
];

const serviceSecrets = [...secretEnv("JWT_SECRET", "jwt-secret"), ...secretEnv("SUBGRAPH_SIGNING_SECRETS", "subgraph-signing-secrets")];
const small = { cpu: "100m", memory: "256Mi", limit: "512Mi" };

/** deploy/k8s/base/services.yaml: the gateway, every subgraph and the dashboard. */
export function renderK8sServices(manifests) {
  const byPort = [...manifests].sort((a, b) => a.port - b.port);
  const docs = [
    ...byPort.flatMap((m) => [
      deployment({
        name: m.name,
        port: m.port,
        command: ["node", "--import", "tsx", `${m.folder}/${m.main}`],
        env: [
          `            - { name: PORT, value: "${m.port}" }`,
          `            - { name: OTEL_SERVICE_NAME, value: ${m.name} }`,
          ...secretEnv("DATABASE_URL", `database-url-${m.name}`),
          ...serviceSecrets,
          ...m.peers.map((p) => `            - { name: ${urlEnvVar(p)}, value: "http://${p}:${byPort.find((x) => x.name === p).port}/graphql" }`),
        ],
        ready: "/health/ready",
        resources: small,
      }),
      hpa(m.name, 4),
    ]),
    deployment({
      name: "gateway",
      port: 4000,
      command: ["node", "--import", "tsx", "gateway/src/main.ts", "--supergraph", "schema/supergraph.graphql", "--port", "4000"],
      env: [
        "            - { name: OTEL_SERVICE_NAME, value: gateway }",
        ...serviceSecrets,
        ...byPort.map((m) => `            - { name: ${urlEnvVar(m.name)}, value: "http://${m.name}:${m.port}/graphql" }`),
      ],
      // The gateway serves partial data while a subgraph is down: ready whenever it is live.
      ready: "/health/live",
      resources: { cpu: "200m", memory: "384Mi", limit: "768Mi" },
    }),
    hpa("gateway", 6),
    deployment({
      name: "dashboard",
      port: 4173,
      command: ["node", "--import", "tsx", "apps/stack/src/dashboard-main.ts"],
      env: ['            - { name: DASHBOARD_PORT, value: "4173" }'],
      ready: "/config.json",
      resources: { cpu: "50m", memory: "128Mi", limit: "256Mi" },
    }).map((line) => line.replace("path: /health/live, port: 4173", "path: /config.json, port: 4173")),
  ];
  return `${GENERATED}\n${docs.map((d) => d.join("\n")).join("\n---\n")}\n`;
}
