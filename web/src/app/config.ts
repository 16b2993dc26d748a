/** The gateway the dashboard talks to, read once at start from the server's /config.json. */
export interface AppConfig {
  graphqlUrl: string;
  wsUrl: string;
}

/** A gateway listening on every interface is reached on the host the page came from. */
export function resolveGatewayUrl(configured: string | undefined, page: Location): string {
  const url = new URL(configured ?? `${page.protocol}//${page.hostname}:4000/graphql`);
  if (url.hostname === "0.0.0.0" || url.hostname === "[::]") url.hostname = page.hostname;
  return url.toString();
}

export async function loadConfig(page: Location = window.location): Promise<AppConfig> {
  let configured: string | undefined;
  try {
    const response = await fetch("/config.json", { cache: "no-store" });
    if (response.ok) configured = ((await response.json()) as { graphqlUrl?: string }).graphqlUrl;
  } catch {
    // A static host without /config.json: the gateway's default port on the same host.
  }
  const graphqlUrl = resolveGatewayUrl(configured, page);
  return { graphqlUrl, wsUrl: graphqlUrl.replace(/^http/, "ws") };
}
