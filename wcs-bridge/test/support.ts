import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AttributeIds,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  type ClientSession,
  type UserIdentityInfo,
} from "node-opcua";
import { type EngineOptions, FloorEngine } from "../src/simulator/engine/engine.ts";
import { loadFloor } from "../src/simulator/floor.ts";

export const floor = loadFloor();
export const START = Date.UTC(2026, 0, 5, 8, 0, 0);

/** An engine on the default floor with every random disturbance off unless a test turns it on. */
export const makeEngine = (options: Partial<EngineOptions> = {}) =>
  new FloorEngine(floor, { seed: 42, clock: () => START, jamProbability: 0, errorProbability: 0, ...options });

export function run(engine: FloorEngine, ms: number, step = 50): void {
  for (let t = 0; t < ms; t += step) engine.tick(step);
}

export const conveyor = (e: FloorEngine, id: string) => e.state.conveyors.find((c) => c.id === id)!;
export const robot = (e: FloorEngine, id: string) => e.state.robots.find((r) => r.id === id)!;
export const chute = (e: FloorEngine, id: string) => e.state.chutes.find((c) => c.id === id)!;
export const zoneId = (code: string) => floor.zones.find((z) => z.code === code)!.id;
export const waypoint = (code: string) => floor.waypoints.find((w) => w.code === code)!;

/** A scratch folder for PKI material, removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface Connection {
  client: OPCUAClient;
  session: ClientSession;
  close: () => Promise<void>;
}

export async function connect(
  endpointUrl: string,
  pkiDir: string,
  options: { secure?: boolean; user?: UserIdentityInfo } = {},
): Promise<Connection> {
  const clientCertificateManager = new OPCUACertificateManager({ rootFolder: join(pkiDir, "client"), automaticallyAcceptUnknownCertificate: true });
  const client = OPCUAClient.create({
    applicationName: "floor-simulator-tests",
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100 },
    clientCertificateManager,
    securityMode: options.secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: options.secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
  });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession(options.user);
    return {
      client,
      session,
      close: async () => {
        await session.close();
        await client.disconnect();
      },
    };
  } catch (error) {
    await client.disconnect();
    throw error;
  }
}

export const nodeId = (path: string) => `ns=1;s=${path}`;

export async function readValue(session: ClientSession, path: string): Promise<unknown> {
  const dv = await session.read({ nodeId: nodeId(path), attributeId: AttributeIds.Value });
  if (!dv.statusCode.isGood()) throw new Error(`read ${path}: ${dv.statusCode.toString()}`);
  return dv.value.value;
}

type Arg = { dataType: DataType; value: unknown };
export const str = (value: string): Arg => ({ dataType: DataType.String, value });
export const dbl = (value: number): Arg => ({ dataType: DataType.Double, value });
export const bool = (value: boolean): Arg => ({ dataType: DataType.Boolean, value });

/** Calls a device method; returns its Accepted/Reason outputs (and throws on a Bad status). */
export async function call(session: ClientSession, devicePath: string, method: string, args: Arg[] = []) {
  const result = await session.call({ objectId: nodeId(devicePath), methodId: nodeId(`${devicePath}/${method}`), inputArguments: args });
  if (!result.statusCode.isGood()) throw new Error(`${devicePath}.${method}: ${result.statusCode.toString()}`);
  const [accepted, reason] = result.outputArguments ?? [];
  return { accepted: accepted?.value as boolean, reason: reason?.value as string };
}

export async function waitFor<T>(probe: () => T | Promise<T>, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, 20));
  }
}
