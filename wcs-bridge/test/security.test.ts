import { createServer } from "node:net";
import { UserTokenType } from "node-opcua";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { connect, readValue, tempDir } from "./support.ts";

const pki = tempDir("floor-sim-security-");
let sim: FloorSimulator;
let startMs = 0;

beforeAll(async () => {
  const t0 = Date.now();
  sim = await startFloorSimulator({ port: 0, seed: 3, pkiDir: pki.path, users: [{ username: "operator", password: "correct horse" }] });
  startMs = Date.now() - t0;
});
afterAll(async () => {
  await sim?.stop();
  pki.remove();
});

const operator = (password: string) => ({ type: UserTokenType.UserName as const, userName: "operator", password });

describe("security", () => {
  it("serves Basic256Sha256 SignAndEncrypt with its self-signed certificate and a configured user", async () => {
    expect(startMs).toBeLessThan(15_000);
    const conn = await connect(sim.endpointUrl, pki.path, { secure: true, user: operator("correct horse") });
    try {
      expect(await readValue(conn.session, "Floor/Seed")).toBe(3);
    } finally {
      await conn.close();
    }
  });

  it("refuses a wrong password and anonymous sessions when a user is configured", async () => {
    await expect(connect(sim.endpointUrl, pki.path, { user: operator("wrong") })).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
    await expect(connect(sim.endpointUrl, pki.path)).rejects.toThrow(/ANONYMOUS user token policy|BadIdentityToken|BadUserAccessDenied/); // the endpoints offer no anonymous policy
  });

  it("frees its port on stop()", async () => {
    const extra = await startFloorSimulator({ port: 0, seed: 4, pkiDir: pki.path });
    const port = extra.port;
    expect(extra.endpointUrl).toBe(`opc.tcp://127.0.0.1:${port}`);
    await extra.stop();
    await extra.stop(); // idempotent
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once("error", reject);
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
    });
  });
});
