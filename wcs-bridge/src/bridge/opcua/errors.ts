/** The floor (its OPC UA server) cannot be reached now: disconnected, reconnecting, or too slow. */
export class FloorUnavailableError extends Error {
  override readonly name = "FloorUnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server refused our session: wrong user name or password, or no anonymous access. */
export class FloorAuthenticationError extends Error {
  override readonly name = "FloorAuthenticationError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A method call came back with a Bad status (unknown device, wrong arguments): a bridge bug, not a refusal. */
export class FloorCommandError extends Error {
  override readonly name = "FloorCommandError";
  constructor(
    message: string,
    readonly statusCode: string,
  ) {
    super(message);
  }
}

/** A misconfigured client (e.g. SecurityMode None without allowInsecure). */
export class FloorConfigurationError extends Error {
  override readonly name = "FloorConfigurationError";
}
