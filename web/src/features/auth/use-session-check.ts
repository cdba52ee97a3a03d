import { useEffect } from "react";
import { ApiError } from "../../api";
import { useStore } from "../../app/store-context";

/** While the session is `checking`, asks the server who the token belongs to, then signs in or explains the refusal. */
export function useSessionCheck(): void {
  const { state, dispatch, api } = useStore();
  const token = state.session.status === "checking" ? state.session.token : null;
  const restoring = state.session.status === "checking" && state.session.restoring;
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    // The client sends the session's token, which while checking is the one being checked.
    api.me(abort.signal).then(
      (me) => dispatch({ type: "login/succeeded", token, me }),
      (err: unknown) => {
        if (abort.signal.aborted) return;
        if (restoring && err instanceof ApiError && err.unauthorized)
          dispatch({ type: "session/ended", message: "Your session has ended (the token is no longer valid). Paste a token to sign in again." });
        else dispatch({ type: "login/failed", message: loginFailure(err) });
      },
    );
    return () => abort.abort();
  }, [token, restoring, api, dispatch]);
}

/** One sentence for the login page on why the token did not get in. */
export function loginFailure(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401) return `This token was not accepted (${err.message}). Check that you pasted all of it.`;
    if (err.kind === "network") return "Cannot reach the Takt server. Is it running?";
    return `Sign-in failed: ${err.message}`;
  }
  return "Sign-in failed for an unknown reason.";
}
