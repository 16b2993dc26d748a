import { resolve } from "node:path";
import { baseEnvSchema, envBoolean, envPort, parseEnv, z } from "@floorgraph/config";
import { defaultFloorPath } from "./floor.ts";

/** The standalone simulator's environment; the only place that reads process.env. */
export const simulatorEnvSchema = baseEnvSchema.extend({
  SIMULATOR_PORT: envPort(4840).describe("the simulator's OPC UA port"),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1").describe("address the simulator listens on"),
  SIMULATOR_SEED: z.coerce.number().int().min(0).max(0xffffffff).default(1).describe("seed of jams and faults (the same seed, the same floor)"),
  SIMULATOR_FLOOR: z.string().min(1).optional().describe("a floor layout JSON file; unset: the built-in demo floor"),
  SIMULATOR_TICK_MS: z.coerce.number().int().min(10).max(1000).default(50).describe("simulation step"),
  SIMULATOR_JAM_PROBABILITY: z.coerce.number().min(0).max(1).optional().describe("chance of a jam per belt and tick; unset: the simulator's own"),
  SIMULATOR_ERROR_PROBABILITY: z.coerce.number().min(0).max(1).optional().describe("chance of a device fault per tick; unset: the simulator's own"),
  SIMULATOR_AUTOSTART: envBoolean(true).describe("start conveyors and sorters at boot"),
  /** Git-ignored by the repository's .gitignore (.data/). */
  SIMULATOR_PKI_DIR: z.string().min(1).default(".data/opcua-pki").describe("the simulator's certificate store"),
  SIMULATOR_USERNAME: z.string().min(1).optional().describe("require this OPC UA user (with `SIMULATOR_PASSWORD`); unset: anonymous allowed"),
  SIMULATOR_PASSWORD: z.string().min(1).optional().describe("the OPC UA user's password"),
});

export interface SimulatorConfig {
  port: number;
  host: string;
  seed: number;
  floorPath: string;
  tickMs: number;
  jamProbability?: number;
  errorProbability?: number;
  autoStart: boolean;
  pkiDir: string;
  users: { username: string; password: string }[];
  logLevel: z.infer<typeof baseEnvSchema>["LOG_LEVEL"];
}

export function loadSimulatorConfig(env: Record<string, string | undefined> = process.env): SimulatorConfig {
  const parsed = parseEnv(
    simulatorEnvSchema.superRefine((e, ctx) => {
      if (Boolean(e.SIMULATOR_USERNAME) !== Boolean(e.SIMULATOR_PASSWORD)) {
        ctx.addIssue({ code: "custom", path: ["SIMULATOR_PASSWORD"], message: "SIMULATOR_USERNAME and SIMULATOR_PASSWORD go together" });
      }
    }),
    env,
  );
  return {
    port: parsed.SIMULATOR_PORT,
    host: parsed.SIMULATOR_HOST,
    seed: parsed.SIMULATOR_SEED,
    floorPath: parsed.SIMULATOR_FLOOR ? resolve(parsed.SIMULATOR_FLOOR) : defaultFloorPath,
    tickMs: parsed.SIMULATOR_TICK_MS,
    jamProbability: parsed.SIMULATOR_JAM_PROBABILITY,
    errorProbability: parsed.SIMULATOR_ERROR_PROBABILITY,
    autoStart: parsed.SIMULATOR_AUTOSTART,
    pkiDir: resolve(parsed.SIMULATOR_PKI_DIR),
    users: parsed.SIMULATOR_USERNAME && parsed.SIMULATOR_PASSWORD ? [{ username: parsed.SIMULATOR_USERNAME, password: parsed.SIMULATOR_PASSWORD }] : [],
    logLevel: parsed.LOG_LEVEL,
  };
}
