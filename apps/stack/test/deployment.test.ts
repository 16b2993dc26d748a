import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { derivedFiles, REPO_ROOT } from "@floorgraph/manifests";
import { MANIFESTS } from "../src/services.ts";

// Docker cannot run here, so these keep the container files in step with the workspace by reading them.
const root = fileURLToPath(new URL("../../../", import.meta.url));
const read = (file: string) => readFileSync(`${root}${file}`, "utf8");

describe("container files", () => {
  it("copies every workspace into the image, so npm ci inside it finds them all", () => {
    const { workspaces } = JSON.parse(read("package.json")) as { workspaces: string[] };
    const dockerfile = read("Dockerfile");
    const folders = new Set(workspaces.map((w) => w.split("/")[0] as string));
    expect(folders.size).toBeGreaterThan(3);
    for (const folder of folders) expect(dockerfile, `Dockerfile copies ${folder}`).toMatch(new RegExp(`^COPY ${folder} \\./${folder}$`, "m"));
  });

  it("runs every subgraph of the stack and the gateway in docker-compose.yml, each with its database", () => {
    const compose = read("docker-compose.yml");
    const entries: [string, string][] = MANIFESTS.map((m): [string, string] => [m.name, `${m.folder}/${m.main}`]);
    expect(entries.map(([name]) => name).sort()).toEqual(["inventory", "orders", "shipment", "users", "warehouse", "wcs"]);
    for (const [name, main] of entries) {
      expect(compose).toMatch(new RegExp(`^  ${name}:$`, "m"));
      expect(compose).toContain(main);
      expect(compose).toContain(`/floorgraph_${name}`);
      expect(compose).toContain(`SUBGRAPH_${name.toUpperCase()}_URL: http://${name}:`);
    }
    expect(compose).toMatch(/^  gateway:$/m);
    // Subgraphs answer only signed requests: the gateway and every subgraph share the signing secrets.
    const anchor = compose.slice(compose.indexOf("x-service-env: &service-env"), compose.indexOf("\nservices:"));
    expect(anchor).toContain("SUBGRAPH_SIGNING_SECRETS: ${SUBGRAPH_SIGNING_SECRETS:-");
    for (const [name] of entries) {
      const section = compose.slice(compose.indexOf(`\n  ${name}:\n`) + 1).split(/\n  [a-z-]+:\n/)[0] as string;
      expect(section).toContain("<<: *service-env");
    }
    expect(compose.slice(compose.indexOf("\n  gateway:\n"))).toContain("SUBGRAPH_SIGNING_SECRETS: ${SUBGRAPH_SIGNING_SECRETS:-");
    expect(compose).toMatch(/^  floor-simulator:$/m);
    expect(compose).toMatch(/^  postgres:$/m);
  });

  it("commits docker-compose.yml and the ServiceName union exactly as the manifests give them (else: npm run compose)", () => {
    for (const file of derivedFiles(MANIFESTS, REPO_ROOT)) {
      expect(readFileSync(file.path, "utf8"), `${file.path} is stale: run \`npm run compose\``).toBe(file.content);
    }
  });
});
