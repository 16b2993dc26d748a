import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { envSchema } from "../src/config.ts";

// floorgraph-gateway at a terminal: usage for --help, one line and exit 2 for anything it cannot use.
const bin = fileURLToPath(new URL("../bin/gateway.mjs", import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: "utf8", timeout: 30_000 });
const supergraph = fileURLToPath(new URL("../../schema/supergraph.graphql", import.meta.url));

describe("floorgraph-gateway command line", () => {
  it("prints usage with every flag and environment variable for --help, and exits 0", () => {
    const { status, stdout, stderr } = run(["--help"]);
    expect(status).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^usage: floorgraph-gateway --supergraph <file>/);
    for (const flag of ["--supergraph", "--port", "--host", "--help"]) expect(stdout).toContain(flag);
    for (const name of Object.keys(envSchema.shape)) expect(stdout).toContain(name);
    expect(stdout).toContain("SUBGRAPH_<NAME>_URL");
  });

  it.each([
    [["--bogus"], /unknown option '--bogus'/i],
    [["--port"], /--port/],
    [["--supergraph", supergraph, "--port", "nope"], /PORT/],
    [[], /no supergraph given/],
    [["--supergraph", "/does/not/exist.graphql"], /does not exist/],
  ])("refuses %j with one line on stderr and exit code 2", (args, message) => {
    const { status, stdout, stderr } = run(args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it("refuses a bad environment value with one line and exit code 2", () => {
    const { status, stderr } = run(["--supergraph", supergraph], { OPERATION_TIMEOUT_MS: "-5", MAX_SOCKETS_PER_ADDRESS: "many" });
    expect(status).toBe(2);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/MAX_SOCKETS_PER_ADDRESS/);
    expect(stderr).toMatch(/OPERATION_TIMEOUT_MS/);
  });
});
