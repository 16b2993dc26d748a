import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "@floorgraph/logger";
import { MessageSecurityMode, OPCUACertificateManager, type OPCUAClientOptions, SecurityPolicy, UserTokenType, type UserIdentityInfo } from "node-opcua";
import type { AnyDevice } from "../../devices/index.ts";
import { FloorConfigurationError } from "./errors.ts";

export interface FloorClientOptions {
  /** SignAndEncrypt uses Basic256Sha256. */
  securityMode: "None" | "SignAndEncrypt";
  /** Must be true to use securityMode None: plaintext on the wire is a deliberate choice. */
  allowInsecure?: boolean;
  userName?: string;
  password?: string;
  /** Client certificate and trust lists; a temp folder by default, never the repository. */
  pkiDir?: string;
  /** Accept a server certificate that is not in the trust list (self-signed simulators). */
  trustUnknownServerCertificate?: boolean;
  /** A command without an answer within this time fails with FloorUnavailableError. */
  commandTimeoutMs?: number;
  /** Retries of the first connection (later reconnections retry forever). */
  initialConnectRetries?: number;
  /** Reconnection back-off after a lost connection. */
  reconnectInitialDelayMs?: number;
  reconnectMaxDelayMs?: number;
  /** How often the PLC sends the changes it collected (default 10 ms; the server may revise it up). */
  publishingIntervalMs?: number;
  /**
   * Monitored items' sampling interval. Default 0: report every change as it happens
   * (exception-based where the PLC supports it, else its fastest rate).
   */
  samplingIntervalMs?: number;
  logger?: Logger;
  /** The device kinds to watch (default: every kind in src/devices). */
  deviceKinds?: readonly AnyDevice[];
}

export const defaultBridgePkiDir = () => join(tmpdir(), "floorgraph-wcs-bridge", "pki");

/** Checks the options and turns them into node-opcua's client options and identity. */
export function buildClientOptions(options: FloorClientOptions): {
  clientOptions: OPCUAClientOptions;
  identity: UserIdentityInfo;
  certificateManager: OPCUACertificateManager;
} {
  if (options.securityMode === "None" && options.allowInsecure !== true) {
    throw new FloorConfigurationError("securityMode None sends everything in plaintext: set allowInsecure: true to use it");
  }
  if (options.securityMode !== "None" && options.securityMode !== "SignAndEncrypt") {
    throw new FloorConfigurationError(`unknown securityMode ${String(options.securityMode)}`);
  }
  if ((options.userName === undefined) !== (options.password === undefined)) {
    throw new FloorConfigurationError("userName and password go together");
  }
  const secure = options.securityMode === "SignAndEncrypt";
  const certificateManager = new OPCUACertificateManager({
    rootFolder: join(options.pkiDir ?? defaultBridgePkiDir(), "client"),
    automaticallyAcceptUnknownCertificate: options.trustUnknownServerCertificate ?? false,
  });
  const clientOptions: OPCUAClientOptions = {
    applicationName: "floorgraph-wcs-bridge",
    clientCertificateManager: certificateManager,
    securityMode: secure ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: secure ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    // The simulator advertises its listening address; a PLC behind NAT may not, so do not insist.
    endpointMustExist: false,
    keepSessionAlive: true,
    requestedSessionTimeout: 60_000,
    connectionStrategy: {
      // node-opcua applies maxRetry to the first connect only; reconnection always retries.
      maxRetry: options.initialConnectRetries ?? 2,
      initialDelay: options.reconnectInitialDelayMs ?? 200,
      maxDelay: options.reconnectMaxDelayMs ?? 2000,
    },
  };
  const identity: UserIdentityInfo =
    options.userName !== undefined && options.password !== undefined
      ? { type: UserTokenType.UserName, userName: options.userName, password: options.password }
      : { type: UserTokenType.Anonymous };
  return { clientOptions, identity, certificateManager };
}
