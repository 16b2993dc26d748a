import { SIGNATURE_HEADER, signRequestBody } from "@floorgraph/auth";
import { TEST_SIGNING_SECRET } from "./tokens.ts";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

/** Posts one GraphQL operation, as a client would (unsigned: a subgraph refuses it, see signedGql). */
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
  sign?: string,
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(sign ? { [SIGNATURE_HEADER]: signRequestBody(body, sign) } : {}),
      ...headers,
    },
    body,
  });
  const answer = (await response.json()) as Omit<GraphQLResponse<T>, "status">;
  return { status: response.status, ...answer };
}

/** The error codes of a response, in order. */
export const errorCodes = (response: GraphQLResponse<unknown>) => (response.errors ?? []).map((e) => e.extensions?.code);

/** Each error's code and the field it names (`{ code: "BAD_USER_INPUT", field: "input.name" }`), in order. */
export const refusals = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((e) => ({ code: e.extensions?.code, field: e.extensions?.field }));

/** Posts one GraphQL operation straight to a subgraph, signed as the gateway signs (with the test secret, or `secret`). */
export function signedGql<T = Record<string, any>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
  secret: string = TEST_SIGNING_SECRET,
): Promise<GraphQLResponse<T>> {
  return gql<T>(url, query, variables, token, headers, secret);
}
