import { useState } from "react";
import { useMutation } from "urql";
import { LoginDocument } from "../generated/graphql.ts";
import { errorMessages } from "../ui/ErrorBanner.tsx";
import { useSession } from "./session.tsx";

/** Logs in with the users subgraph's `login`; the token is kept for the browser session. */
export function LoginPage() {
  const { signIn, endedBecause } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [result, login] = useMutation(LoginDocument);
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <main className="login">
      <form
        aria-label="log in"
        onSubmit={async (event) => {
          event.preventDefault();
          setFailure(null);
          const outcome = await login({ email: email.trim(), password });
          if (outcome.data) signIn(outcome.data.login);
          else setFailure(outcome.error ? errorMessages(outcome.error).join(" ") : "Login failed.");
        }}
      >
        <h1>Floorgraph</h1>
        {endedBecause && <p className="banner">{endedBecause}</p>}
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={result.fetching}>
          {result.fetching ? "Logging in…" : "Log in"}
        </button>
        {failure && (
          <p className="banner banner-error" role="alert">
            {failure}
          </p>
        )}
      </form>
    </main>
  );
}
