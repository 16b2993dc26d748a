import { ConfigError } from "@floorgraph/config";
import { describe, expect, it } from "vitest";
import { loadWcsConfig } from "../src/subgraph/config.ts";

describe("wcs service configuration", () => {
  it("defaults to the local floor over SignAndEncrypt on port 4006", () => {
    const config = loadWcsConfig({});
    expect(config.service).toMatchObject({ name: "wcs", port: 4006 });
    expect(config.floorEndpoint).toBe("opc.tcp://127.0.0.1:4840");
    expect(config.clientOptions).toMatchObject({ securityMode: "SignAndEncrypt", allowInsecure: false, trustUnknownServerCertificate: false, commandTimeoutMs: 2000 });
    expect(config.streams).toEqual({ deviceIntervalMs: 100, statusIntervalMs: 500, maxPendingAlarms: 256 });
  });

  it("reads the subscription settings and refuses nonsense", () => {
    const config = loadWcsConfig({ WCS_SUBSCRIPTION_DEVICE_INTERVAL_MS: "250", WCS_SUBSCRIPTION_STATUS_INTERVAL_MS: "1000", WCS_SUBSCRIPTION_MAX_PENDING_ALARMS: "50" });
    expect(config.streams).toEqual({ deviceIntervalMs: 250, statusIntervalMs: 1000, maxPendingAlarms: 50 });
    expect(() => loadWcsConfig({ WCS_SUBSCRIPTION_DEVICE_INTERVAL_MS: "-5" })).toThrow(ConfigError);
    expect(() => loadWcsConfig({ WCS_SUBSCRIPTION_MAX_PENDING_ALARMS: "0" })).toThrow(ConfigError);
  });

  it("reads the floor's endpoint, security and login", () => {
    const config = loadWcsConfig({
      WCS_FLOOR_ENDPOINT: "opc.tcp://plc.local:4840",
      WCS_FLOOR_SECURITY_MODE: "None",
      WCS_FLOOR_ALLOW_INSECURE: "true",
      WCS_FLOOR_USERNAME: "bridge",
      WCS_FLOOR_PASSWORD: "secret",
      WCS_FLOOR_PKI_DIR: "/tmp/pki",
    });
    expect(config.floorEndpoint).toBe("opc.tcp://plc.local:4840");
    expect(config.clientOptions).toMatchObject({ securityMode: "None", allowInsecure: true, userName: "bridge", password: "secret", pkiDir: "/tmp/pki" });
  });

  it("refuses plaintext without the explicit opt-in, a half login and a non-OPC UA endpoint", () => {
    expect(() => loadWcsConfig({ WCS_FLOOR_SECURITY_MODE: "None" })).toThrow(ConfigError);
    expect(() => loadWcsConfig({ WCS_FLOOR_USERNAME: "bridge" })).toThrow(ConfigError);
    expect(() => loadWcsConfig({ WCS_FLOOR_ENDPOINT: "http://plc" })).toThrow(ConfigError);
  });
});
