import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FloorAuthenticationError, FloorConfigurationError, FloorUnavailableError } from "../src/bridge/opcua/errors.ts";
import { FloorClient } from "../src/bridge/opcua/floor-client.ts";
import { type FloorSimulator, startFloorSimulator } from "../src/simulator/server.ts";
import { insecure, quietLogger } from "./bridge-support.ts";
import { tempDir } from "./support.ts";

const pki = tempDir("wcs-bridge-security-");
let sim: FloorSimulator;

beforeAll(async () => {
  sim = await startFloorSimulator({ port: 0, seed: 8, pkiDir: pki.path, users: [{ username: "bridge", password: "s3cret floor" }] });
});
afterAll(async () => {
  await sim?.stop();
  pki.remove();
});

const secure = (password: string) => ({
  securityMode: "SignAndEncrypt" as const,
  userName: "bridge",
  password,
  pkiDir: pki.path,
  trustUnknownServerCertificate: true,
  logger: quietLogger,
});

describe("FloorClient security", () => {
  it("connects with Basic256Sha256 SignAndEncrypt and a user name, and can command", async () => {
    const client = await FloorClient.connect(sim.endpointUrl, secure("s3cret floor"));
    try {
      expect(client.connected).toBe(true);
      expect(client.state.robots()).toHaveLength(8);
      expect(await client.commands.pauseRobot("AMR-01")).toEqual({ accepted: true, reason: "" });
    } finally {
      await client.close();
    }
  });

  it("fails a wrong password with a FloorAuthenticationError naming the user", async () => {
    const attempt = FloorClient.connect(sim.endpointUrl, secure("wrong"));
    await expect(attempt).rejects.toBeInstanceOf(FloorAuthenticationError);
    await expect(attempt).rejects.toThrow(/refused the login \(user bridge\)/);
  });

  it("refuses SecurityMode None unless allowInsecure is set, and an anonymous login here", async () => {
    await expect(FloorClient.connect(sim.endpointUrl, { securityMode: "None", pkiDir: pki.path, logger: quietLogger })).rejects.toBeInstanceOf(FloorConfigurationError);
    await expect(FloorClient.connect(sim.endpointUrl, insecure(pki.path))).rejects.toBeInstanceOf(FloorAuthenticationError);
  });

  it("reports an unreachable floor as FloorUnavailableError", async () => {
    await expect(FloorClient.connect("opc.tcp://127.0.0.1:1", insecure(pki.path, { initialConnectRetries: 0 }))).rejects.toBeInstanceOf(FloorUnavailableError);
  });
});
