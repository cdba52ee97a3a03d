import type { ReactNode } from "react";
import { LoginPage } from "../features/auth/LoginPage";
import { useSessionCheck } from "../features/auth/use-session-check";
import { Shell } from "./Shell";
import { useStore } from "./store-context";

/** Signed in: the shell. Otherwise (or while a token is checked): the login page. */
export function App(): ReactNode {
  useSessionCheck();
  const { state } = useStore();
  const { session } = state;
  if (session.status === "signed-in") return <Shell me={session.me} route={state.route} />;
  // A reload with a kept token: say so instead of flashing the login form.
  if (session.status === "checking" && session.restoring)
    return (
      <main id="main" className="login">
        <p role="status" className="muted">
          Signing in…
        </p>
      </main>
    );
  return <LoginPage />;
}
