import { envBoolean, parseEnv, z } from "@floorgraph/config";
import { loadServiceConfig, type ServiceConfig } from "@floorgraph/service";
import { type FloorClientOptions, defaultBridgePkiDir } from "../bridge/opcua/client-options.ts";
import { DEFAULT_STREAM_SETTINGS, type StreamSettings } from "./streams/floor-streams.ts";

/** The bridge's floor-side environment (the service side is the one every subgraph reads). */
export const wcsFloorEnvSchema = z
  .object({
    WCS_FLOOR_ENDPOINT: z.string().regex(/^opc\.tcp:\/\//, "must be an opc.tcp:// URL").default("opc.tcp://127.0.0.1:4840").describe("the PLC's (or simulator's) `opc.tcp://` endpoint"),
    /** None is plaintext: only with WCS_FLOOR_ALLOW_INSECURE=true (the local simulator). */
    WCS_FLOOR_SECURITY_MODE: z.enum(["None", "SignAndEncrypt"]).default("SignAndEncrypt").describe("OPC UA message security; `None` is plaintext, only with `WCS_FLOOR_ALLOW_INSECURE=true`"),
    WCS_FLOOR_ALLOW_INSECURE: envBoolean(false).describe("allow `WCS_FLOOR_SECURITY_MODE=None` (a local simulator)"),
    WCS_FLOOR_USERNAME: z.string().min(1).optional().describe("OPC UA user name (with `WCS_FLOOR_PASSWORD`); unset: anonymous"),
    WCS_FLOOR_PASSWORD: z.string().min(1).optional().describe("OPC UA password (with `WCS_FLOOR_USERNAME`)"),
    WCS_FLOOR_PKI_DIR: z.string().min(1).optional().describe("the bridge's certificate store; unset: a folder under the system temp directory"),
    /** Accept a self-signed server certificate that is not in the trust list (simulators only). */
    WCS_FLOOR_TRUST_UNKNOWN_CERTIFICATE: envBoolean(false).describe("accept a self-signed server certificate not in the trust list (simulators only)"),
    WCS_FLOOR_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000).describe("one OPC UA method call's deadline"),
    /** Subscriptions: per device, at most one event per interval (bursts coalesce to the latest state). */
    WCS_SUBSCRIPTION_DEVICE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(DEFAULT_STREAM_SETTINGS.deviceIntervalMs).describe("per device, at most one subscription event per interval (bursts coalesce to the latest state)"),
    WCS_SUBSCRIPTION_STATUS_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(DEFAULT_STREAM_SETTINGS.statusIntervalMs).describe("interval of `floorStatus` events"),
    /** Set when several bridge instances serve subscribers: floor events then travel through Redis pub/sub. */
    REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional().describe("set when several bridge instances serve subscribers: floor events then travel through Redis pub/sub (and revocations reach the process)"),
    WCS_SUBSCRIPTION_MAX_PENDING_ALARMS: z.coerce.number().int().min(1).max(100_000).default(DEFAULT_STREAM_SETTINGS.maxPendingAlarms).describe("alarms a slow subscriber may fall behind before its subscription ends"),
  })
  .superRefine((e, ctx) => {
    if (Boolean(e.WCS_FLOOR_USERNAME) !== Boolean(e.WCS_FLOOR_PASSWORD)) {
      ctx.addIssue({ code: "custom", path: ["WCS_FLOOR_PASSWORD"], message: "WCS_FLOOR_USERNAME and WCS_FLOOR_PASSWORD go together" });
    }
    if (e.WCS_FLOOR_SECURITY_MODE === "None" && !e.WCS_FLOOR_ALLOW_INSECURE) {
      ctx.addIssue({ code: "custom", path: ["WCS_FLOOR_ALLOW_INSECURE"], message: "must be true to use WCS_FLOOR_SECURITY_MODE=None" });
    }
  });

export interface WcsConfig {
  service: ServiceConfig;
  floorEndpoint: string;
  clientOptions: FloorClientOptions;
  streams: StreamSettings;
  redisUrl: string | undefined;
}

/** This process's settings, parsed once from the environment. */
export function loadWcsConfig(env: Record<string, string | undefined> = process.env): WcsConfig {
  const floor = parseEnv(wcsFloorEnvSchema, env);
  return {
    service: loadServiceConfig("wcs", env),
    floorEndpoint: floor.WCS_FLOOR_ENDPOINT,
    clientOptions: {
      securityMode: floor.WCS_FLOOR_SECURITY_MODE,
      allowInsecure: floor.WCS_FLOOR_ALLOW_INSECURE,
      ...(floor.WCS_FLOOR_USERNAME ? { userName: floor.WCS_FLOOR_USERNAME, password: floor.WCS_FLOOR_PASSWORD } : {}),
      pkiDir: floor.WCS_FLOOR_PKI_DIR ?? defaultBridgePkiDir(),
      trustUnknownServerCertificate: floor.WCS_FLOOR_TRUST_UNKNOWN_CERTIFICATE,
      commandTimeoutMs: floor.WCS_FLOOR_COMMAND_TIMEOUT_MS,
    },
    redisUrl: floor.REDIS_URL,
    streams: {
      deviceIntervalMs: floor.WCS_SUBSCRIPTION_DEVICE_INTERVAL_MS,
      statusIntervalMs: floor.WCS_SUBSCRIPTION_STATUS_INTERVAL_MS,
      maxPendingAlarms: floor.WCS_SUBSCRIPTION_MAX_PENDING_ALARMS,
    },
  };
}
