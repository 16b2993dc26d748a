import { describeEnv } from "@floorgraph/config";
import { envSchema, GATEWAY_PATTERN_VARIABLES } from "./config.ts";

const FLAGS = `usage: floorgraph-gateway --supergraph <file> [--port <port>] [--host <address>]

Serves a composed Federation 2 supergraph over GraphQL-over-HTTP (POST and GET at /graphql),
WebSocket (graphql-ws) and Server-Sent Events (graphql-sse), with /health.

flags:
  --supergraph <file>   the supergraph SDL (or SUPERGRAPH_PATH); reloaded when the file changes
  --port <port>         port to listen on (or PORT; default 4000, 0 for any free port)
  --host <address>      address to listen on (or HOST; default 127.0.0.1)
  -h, --help            print this and exit
`;

const plain = (text: string) => text.replace(/\*\*|`/g, "");

/** `floorgraph-gateway --help`: the flags and every environment variable the gateway reads, from its schema. */
export function usage(): string {
  const variables = [...describeEnv(envSchema), ...GATEWAY_PATTERN_VARIABLES];
  const width = Math.max(...variables.map((v) => v.name.length)) + 2;
  const lines = variables.map((v) => `  ${v.name.padEnd(width)}${plain(v.description)}${v.default !== undefined && v.default !== "" ? ` (default ${v.default})` : ""}`);
  return `${FLAGS}\nenvironment:\n${lines.join("\n")}\n\nexit codes: 0 after a signal-initiated stop or --help, 2 for a bad flag or setting, 1 for a failure.\n`;
}
