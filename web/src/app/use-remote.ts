import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";
import { ApiError } from "../api";
import type { Remote } from "./store";
import { useStore } from "./store-context";

export const SESSION_ENDED = "Your session has ended. Paste a token to sign in again.";

/** A 401 anywhere ends the session (the token was revoked or expired); other errors become one sentence. */
export function useApiErrors(): (err: unknown) => string | null {
  const { dispatch } = useStore();
  return useCallback(
    (err: unknown) => {
      if (err instanceof DOMException && err.name === "AbortError") return null;
      if (err instanceof ApiError && err.unauthorized) {
        dispatch({ type: "session/ended", message: SESSION_ENDED });
        return null;
      }
      // The server answers an unknown route with "no route GET /api/v1/…": a capability this server does not run (yet).
      if (err instanceof ApiError && err.status === 404 && /^no route /.test(err.message))
        return `This server does not offer this yet (${err.message.replace(/^no route /, "")} is not there).`;
      return err instanceof Error ? err.message : "Unknown error";
    },
    [dispatch],
  );
}

/**
 * Loads something from the API when `deps` change (aborting the previous load) and on `reload()`.
 * A reload keeps showing the previous data until the new answer comes (no flicker on live updates).
 */
export function useRemote<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): { remote: Remote<T>; reload: () => void } {
  const [remote, setRemote] = useState<Remote<T>>({ status: "loading" });
  const [tick, setTick] = useState(0);
  const onError = useApiErrors();
  const loadRef = useRef(load);
  loadRef.current = load;
  const lastTick = useRef(tick);
  useEffect(() => {
    const abort = new AbortController();
    const isReload = lastTick.current !== tick;
    lastTick.current = tick;
    setRemote((prev) => (prev.status === "ready" && isReload ? prev : { status: "loading" }));
    loadRef.current(abort.signal).then(
      (data) => {
        if (!abort.signal.aborted) setRemote({ status: "ready", data });
      },
      (err: unknown) => {
        if (abort.signal.aborted) return;
        const message = onError(err);
        if (message !== null) setRemote({ status: "error", message });
      },
    );
    return () => abort.abort();
  }, [...deps, tick, onError]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { remote, reload };
}
