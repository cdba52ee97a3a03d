import { useEffect } from "react";
import { ApiError } from "../../api";
import { useStore } from "../../app/store-context";
import { tokenOf, type Remote } from "../../app/store";
import type { Site } from "../../api";

/** Loads the plant once per session and returns it; a 401 ends the session. */
export function usePlant(): Remote<Site> {
  const { state, dispatch, api } = useStore();
  const status = state.plant.status;
  const token = tokenOf(state.session);
  useEffect(() => {
    if (status !== "idle") return;
    // No abort on cleanup: this effect re-runs as the status moves on, and a late answer after a
    // logout is dropped by the reducer (it only accepts the answer for the session that asked).
    dispatch({ type: "plant/loading" });
    api.plant().then(
      (body) => dispatch({ type: "plant/loaded", site: body.site, token }),
      (err: unknown) => {
        if (err instanceof ApiError && err.unauthorized) {
          dispatch({ type: "session/ended", message: "Your session has ended. Paste a token to sign in again." });
          return;
        }
        dispatch({ type: "plant/failed", message: err instanceof Error ? err.message : "Unknown error", token });
      },
    );
  }, [status, token, api, dispatch]);
  return state.plant;
}
