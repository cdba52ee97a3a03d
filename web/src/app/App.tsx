import type { ReactNode } from "react";
import { LoginPage } from "../features/auth/LoginPage";
import { useSessionCheck } from "../features/auth/use-session-check";
import { Shell } from "./Shell";
import { useStore } from "./store-context";

/** Signed in: the shell. Otherwise (or while a token is checked): the login page. */
export function App(): ReactNode {
  useSessionCheck();
  const { state } = useStore();
  if (state.session.status === "signed-in") return <Shell me={state.session.me} route={state.route} />;
  return <LoginPage />;
}
