import { gql, signedGql } from "./graphql.ts";

/** What a subgraph answered to the probes of probeSubgraphProtection. */
export interface ProtectionProbe {
  unsigned: { status: number; codes: (string | undefined)[] };
  wrongSecret: { status: number; codes: (string | undefined)[] };
  introspection: { status: number; codes: (string | undefined)[] };
  service: { status: number; codes: (string | undefined)[] };
  signed: { status: number; typename: unknown };
  health: number;
}

/** What every subgraph must answer (see probeSubgraphProtection). */
export const PROTECTED: ProtectionProbe = {
  unsigned: { status: 401, codes: ["UNAUTHENTICATED"] },
  wrongSecret: { status: 401, codes: ["UNAUTHENTICATED"] },
  introspection: { status: 401, codes: ["UNAUTHENTICATED"] },
  service: { status: 401, codes: ["UNAUTHENTICATED"] },
  signed: { status: 200, typename: "Query" },
  health: 200,
};

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

/**
 * Probes a subgraph the way a client that found its port would: unsigned, signed with another
 * secret, introspection and `_service` unsigned; and the gateway's way (signed), and /health.
 * Compare the result with PROTECTED.
 */
export async function probeSubgraphProtection(url: string): Promise<ProtectionProbe> {
  const unsigned = await gql(url, "{ __typename }");
  const wrongSecret = await signedGql(url, "{ __typename }", {}, undefined, {}, "another-secret-0123456789abcdefghijklmn");
  const introspection = await gql(url, "{ __schema { types { name } } }");
  const service = await gql(url, "{ _service { sdl } }");
  const signed = await signedGql(url, "{ __typename }");
  const health = await fetch(url.replace(/\/graphql$/, "/health"));
  return {
    unsigned: { status: unsigned.status, codes: codes(unsigned) },
    wrongSecret: { status: wrongSecret.status, codes: codes(wrongSecret) },
    introspection: { status: introspection.status, codes: codes(introspection) },
    service: { status: service.status, codes: codes(service) },
    signed: { status: signed.status, typename: (signed.data as { __typename?: unknown } | null | undefined)?.__typename },
    health: health.status,
  };
}
