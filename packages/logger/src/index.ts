import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

/** One JSON logger per process; services take child loggers named after themselves. */
export function createLogger(name: string, level: LevelWithSilent = "info"): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ["req.headers.authorization", "*.password", "*.token", "password", "token"],
      censor: "[redacted]",
    },
  });
}
export { requestIdFrom, stopOnSignals } from "./process.ts";
