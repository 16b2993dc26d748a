import { createHash, timingSafeEqual } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@floorgraph/logger";
import { MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy, Subscription } from "node-opcua";
import { NAMESPACE_URI } from "../devices/index.ts";
import { type SimulatedKind, buildFloorAddressSpace } from "./address-space/build.ts";
import type { Dynamics } from "./engine/context.ts";
import { FloorEngine } from "./engine/engine.ts";
import { type Floor, loadFloor } from "./floor.ts";

export interface SimulatorUser {
  username: string;
  password: string;
}

export interface FloorSimulatorOptions extends Partial<Dynamics> {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  floor?: Floor;
  seed?: number;
  tickMs?: number;
  /** Start of simulation time; read once. */
  clock?: () => number;
  /** Start every conveyor and sorter, as a floor in mid-shift (the standalone simulator does). */
  autoStart?: boolean;
  /** Where the server keeps its self-signed certificate and trust lists; never inside the repo. */
  pkiDir?: string;
  /** When set, sessions must log in as one of these; anonymous sessions are refused. */
  users?: SimulatorUser[];
  logger?: Logger;
  /** The device kinds to build (default: every kind of src/devices, simulated by the engine). */
  kinds?: readonly SimulatedKind[];
}

export interface FloorSimulator {
  endpointUrl: string;
  port: number;
  engine: FloorEngine;
  stop(): Promise<void>;
}

const digest = (text: string) => createHash("sha256").update(text).digest();
/** Compares digests in constant time, so response timing says nothing about a password. */
const isValidUser = (users: SimulatorUser[], name: string, password: string) =>
  users.some((u) => timingSafeEqual(digest(u.username), digest(name)) && timingSafeEqual(digest(u.password), digest(password)));

/** The fastest publishing interval the simulated PLC grants a client's subscription. */
export const PLC_MIN_PUBLISHING_INTERVAL_MS = 10;

export const defaultPkiDir = () => join(tmpdir(), "floorgraph-floor-simulator", "pki");

/**
 * Starts the simulated floor as an OPC UA server: the engine ticks every tickMs and its state is
 * published into the address space after each tick and each command.
 */
export async function startFloorSimulator(options: FloorSimulatorOptions = {}): Promise<FloorSimulator> {
  const { port = 4840, host = "127.0.0.1", floor = loadFloor(), seed = 1, tickMs = 50, autoStart = false, pkiDir = defaultPkiDir(), users, logger, kinds, ...engineOptions } = options;
  const engine = new FloorEngine(floor, { seed, ...engineOptions });
  // node-opcua's servers publish at most every 50 ms by default; PLCs commonly allow 10 ms, and the
  // bridge asks for it (a process-wide setting of node-opcua's, which only the simulator's servers use).
  Subscription.minimumPublishingInterval = PLC_MIN_PUBLISHING_INTERVAL_MS;

  const serverCertificateManager = new OPCUACertificateManager({ rootFolder: join(pkiDir, "server"), automaticallyAcceptUnknownCertificate: true });
  const userCertificateManager = new OPCUACertificateManager({ rootFolder: join(pkiDir, "users"), automaticallyAcceptUnknownCertificate: true });
  await Promise.all([serverCertificateManager.initialize(), userCertificateManager.initialize()]);

  const server = new OPCUAServer({
    port,
    host,
    // Advertise the address we listen on: endpoint URLs must work without name resolution.
    hostname: host,
    serverInfo: { applicationUri: NAMESPACE_URI, productUri: "floorgraph-floor-simulator", applicationName: { text: "Floorgraph floor simulator" } },
    buildInfo: { productName: "Floorgraph floor simulator", manufacturerName: "Floorgraph" },
    serverCertificateManager,
    userCertificateManager,
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    allowAnonymous: !users?.length,
    // Like a PLC with a 10 ms scan: exception-based items report changes coalesced over at most 10 ms.
    serverCapabilities: { minSupportedSampleRate: PLC_MIN_PUBLISHING_INTERVAL_MS },
    userManager: users?.length ? { isValidUser: (name: string, password: string) => isValidUser(users, name, password) } : undefined,
  });
  await server.initialize();
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error("OPC UA server has no address space after initialize");
  const published = buildFloorAddressSpace(addressSpace, engine, kinds);

  if (autoStart) {
    for (const c of engine.state.conveyors) engine.startConveyor(c.id);
    for (const s of engine.state.sorters) engine.startSorter(s.id);
  }
  published.sync();
  await server.start();

  const timer = setInterval(() => {
    engine.tick(tickMs);
    published.sync();
  }, tickMs);

  const boundPort = server.endpoints[0]?.port ?? port;
  const endpointUrl = `opc.tcp://${host}:${boundPort}`;
  logger?.info({ endpointUrl, seed: engine.seed, conveyors: engine.state.conveyors.length, robots: engine.state.robots.length }, "floor simulator listening");

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      clearInterval(timer);
      published.dispose();
      await server.shutdown(0);
      await Promise.all([serverCertificateManager.dispose(), userCertificateManager.dispose()]);
      logger?.info("floor simulator stopped");
    })());
  return { endpointUrl, port: boundPort, engine, stop };
}
