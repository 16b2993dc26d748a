import { existsSync } from "node:fs";
import { DEMO_PASSWORD } from "@floorgraph/demo-data";
import { createLogger } from "@floorgraph/logger";
import { MANIFESTS, startStack, type Stack } from "@floorgraph/stack";
import { createTestDatabase, testConfig, TEST_JWT, TEST_SIGNING_SECRET, type TestDatabase } from "@floorgraph/testing";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureDashboardBuilt, startDashboardServer, type DashboardServer } from "../server/index.ts";

/** Debian's Chromium; the end-to-end tests are skipped where it is not installed. */
export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

export interface RunningSystem {
  stack: Stack;
  dashboard: DashboardServer;
  browser: Browser;
  /** A fresh browser context logged in through the dashboard's login form, on the floor page. */
  login(email: string): Promise<Page>;
  stop(): Promise<void>;
}

/**
 * The real system in-process, as `npm start` runs it but on free ports with fresh seeded databases:
 * every subgraph, the gateway and the floor simulator (no random jams or robot errors, so what the
 * tests command is what they see), the built dashboard served beside it, and headless Chromium.
 */
export async function startSystem(): Promise<RunningSystem> {
  const databases = new Map<string, TestDatabase>();
  for (const { name } of MANIFESTS) databases.set(name, await createTestDatabase(name));
  const [stack] = await Promise.all([
    startStack({
      gatewayPort: 0,
      subgraphBasePort: 0,
      database: (service) => (databases.get(service) as TestDatabase).target,
      jwt: TEST_JWT,
      signingSecrets: [TEST_SIGNING_SECRET],
      seedDemoData: true,
      logger: createLogger("web-e2e", testConfig.LOG_LEVEL),
      floor: { simulatorPort: 0, dynamics: { jamProbability: 0, errorProbability: 0 } },
    }),
    ensureDashboardBuilt(),
  ]);
  const dashboard = await startDashboardServer({ graphqlUrl: stack.gateway.url, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  return {
    stack,
    dashboard,
    browser,
    async login(email) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
      const page = await context.newPage();
      await page.goto(`${dashboard.url}floor`);
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByTestId("who").waitFor();
      return page;
    },
    async stop() {
      await browser.close();
      await dashboard.close();
      await stack.stop();
      for (const db of databases.values()) await db.drop();
    },
  };
}
