import type { CombinedError } from "urql";

/** The messages a user can act on: GraphQL errors as the gateway words them, or the network failure. */
export function errorMessages(error: CombinedError): string[] {
  if (error.graphQLErrors.length > 0) return error.graphQLErrors.map((e) => e.message);
  return [error.networkError ? `Cannot reach the gateway: ${error.networkError.message}` : error.message];
}

export function ErrorBanner({ error }: { error: CombinedError | undefined }) {
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      {errorMessages(error).map((message) => (
        <div key={message}>{message}</div>
      ))}
    </div>
  );
}
