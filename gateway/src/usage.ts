/** `floorgraph-gateway --help`: the flags and every environment variable the gateway reads. */
export const USAGE = `usage: floorgraph-gateway --supergraph <file> [--port <port>] [--host <address>]

Serves a composed Federation 2 supergraph over GraphQL-over-HTTP (POST and GET at /graphql),
WebSocket (graphql-ws) and Server-Sent Events (graphql-sse), with /health.

flags:
  --supergraph <file>   the supergraph SDL (or SUPERGRAPH_PATH); reloaded when the file changes
  --port <port>         port to listen on (or PORT; default 4000, 0 for any free port)
  --host <address>      address to listen on (or HOST; default 127.0.0.1)
  -h, --help            print this and exit

environment:
  SUPERGRAPH_PATH, PORT, HOST     as the flags above
  SUBGRAPH_<NAME>_URL             routing URL override for subgraph <name>
  JWT_SECRET                      verify bearer tokens at the edge (at least 32 characters)
  SUBGRAPH_SIGNING_SECRETS        comma-separated; the first signs every subgraph request and socket (dev secret unless production)
  FORWARD_HEADERS                 headers passed to subgraphs (default authorization,x-request-id,accept-language)
  CORS_ORIGINS                    allowed browser origins, comma-separated (default *)
  LOG_LEVEL, NODE_ENV             pino level (default info); development | test | production
  SUBGRAPH_TIMEOUT_MS             one subgraph request's deadline (default 10000)
  OPERATION_TIMEOUT_MS            one operation's deadline, then OPERATION_TIMEOUT (default 30000)
  MAX_RESPONSE_BYTES              largest answer (and subgraph answer), else RESPONSE_TOO_LARGE (default 5000000)
  MAX_BODY_BYTES                  largest HTTP request body, else 413 PAYLOAD_TOO_LARGE (default 1000000)
  MAX_SOCKET_MESSAGE_BYTES        largest WebSocket message, else close 1009 (default MAX_BODY_BYTES)
  MAX_SUBSCRIPTIONS_PER_SOCKET    else TOO_MANY_SUBSCRIPTIONS (default 50)
  MAX_SUBSCRIPTIONS_PER_PRINCIPAL per user, API key or anonymous address, sockets and SSE (default 200)
  MAX_SOCKETS_PER_ADDRESS         open WebSockets per client address, else HTTP 429 (default 50)
  CONNECTION_INIT_TIMEOUT_MS      a socket's time to send connection_init, else close 4408 (default 3000)
  MAX_DEPTH, MAX_ALIASES, MAX_TOKENS, MAX_DIRECTIVES   operation limits (defaults 15, 30, 10000, 50)
  COST_BUDGET_ANONYMOUS, COST_BUDGET_USER, COST_BUDGET_API_KEY   demand control: most an operation may cost, else COST_ESTIMATED_TOO_EXPENSIVE (defaults 5000, 20000, 10000)
  SUBSCRIPTION_STATE_FIELDS       subscription fields coalesced to the latest state per id
  SUBSCRIPTION_CLIENT_BUFFER      events any other subscriber may fall behind (default 256)
  RATE_LIMITS                     per-role requests/cost per window as JSON, or off (defaults: README, Rate limits)
  REDIS_URL                       revocations (logouts, disabled users, revoked API keys) arrive from it; rate limits and persisted queries are shared through it (default: memory, this instance only)
  GATEWAY_REDIS_PREFIX            prefix of the gateway's Redis keys (default floorgraph:gateway)
  APQ_TTL_SECONDS                 how long an automatic persisted query is kept (default 86400)
  TRUST_PROXY_HEADER              header naming the client, set by the proxy in front (x-forwarded-for: right-most entry; default none)

exit codes: 0 after a signal-initiated stop or --help, 2 for a bad flag or setting, 1 for a failure.
`;
