import { useEffect, useState } from "react";
import { ApiError, type AndonRecord, type LineLiveState } from "../../api";
import { useStore } from "../../app/store-context";
import { useApiErrors } from "../../app/use-remote";

export type LineLive =
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly state: LineLiveState; readonly andons: readonly AndonRecord[]; readonly stale: string | null }
  | { readonly status: "unavailable"; readonly message: string };

/** The roles the server shows the live line to (GET /api/v1/lines/:line/state). */
const LIVE_ROLES: readonly string[] = ["operator", "planner", "engineer", "quality"];

/** How often the line state is read. */
export const LINE_POLL_MS = 1000;

/** The line's live state and open andons, read every second; stops when the server does not offer them to this role. */
export function useLineLive(lineCode: string): LineLive {
  const { api, state: app } = useStore();
  const role = app.session.status === "signed-in" ? app.session.me.role : null;
  const allowed = role !== null && LIVE_ROLES.includes(role);
  const onError = useApiErrors();
  const [live, setLive] = useState<LineLive>({ status: "loading" });
  useEffect(() => {
    if (!allowed) {
      setLive({ status: "unavailable", message: "your role does not see the live line" });
      return;
    }
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (): void => {
      Promise.all([api.lineState(lineCode, abort.signal), api.andons(lineCode, abort.signal)]).then(
        ([state, a]) => {
          if (abort.signal.aborted) return;
          setLive({ status: "ready", state, andons: a.andons, stale: null });
          timer = setTimeout(tick, LINE_POLL_MS);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const message = onError(err);
          if (message === null) return;
          if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
            setLive({ status: "unavailable", message });
            return;
          }
          setLive((prev) => (prev.status === "ready" ? { ...prev, stale: message } : { status: "unavailable", message }));
          timer = setTimeout(tick, LINE_POLL_MS * 3);
        },
      );
    };
    tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [api, lineCode, onError, allowed]);
  return live;
}

export const STATE_LABEL: Record<string, string> = { idle: "idle", executing: "working", blocked: "blocked", starved: "starved", faulted: "faulted" };
