import { useEffect, useState } from "react";
import { ApiError, type AndonRecord, type LineLiveState } from "../../api";
import { useStore } from "../../app/store-context";
import { SESSION_ENDED } from "../../app/use-remote";

export type LineLive =
  | { readonly status: "loading" }
  | {
      readonly status: "ready";
      readonly state: LineLiveState;
      /** Open andon calls and faults, from the live state (newest first). */
      readonly andons: readonly AndonRecord[];
      /** Why live updates are paused (reconnecting), or null while live. */
      readonly stale: string | null;
      /** Line states received on this page so far (the map renders each one). */
      readonly received: number;
    }
  | { readonly status: "unavailable"; readonly message: string };

/** The roles the server streams the live line to (GET /api/v1/lines/:line/live; admin sees everything). */
const LIVE_ROLES: readonly string[] = ["operator", "planner", "engineer", "quality", "admin"];

/** Delay before the n-th reconnection attempt: 0.5 s, 1 s, 2 s … at most 10 s. */
export function lineBackoffMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

/** The open andon calls and faults in a line state, newest first. */
export function openAndons(state: LineLiveState): AndonRecord[] {
  const out: AndonRecord[] = [];
  for (const s of state.stations) {
    if (s.andon) out.push({ station: s.code, kind: "andon", reason: s.andon.reason, unit: s.andon.unit, from: s.andon.since, to: null });
    if (s.fault) out.push({ station: s.code, kind: "fault", reason: s.fault.text ? `${s.fault.code}: ${s.fault.text}` : s.fault.code, unit: null, from: s.fault.since, to: null });
  }
  return out.sort((a, b) => (a.from < b.from ? 1 : a.from > b.from ? -1 : 0));
}

/**
 * The line's live state and open andons from the server's live stream (Server-Sent Events, one state per change:
 * keeps up with many updates a second). Reconnects after a drop; ends the session on 401; stops on 403/404.
 */
export function useLineLive(lineCode: string): LineLive {
  const { api, state: app, dispatch } = useStore();
  const role = app.session.status === "signed-in" ? app.session.me.role : null;
  const allowed = role !== null && LIVE_ROLES.includes(role);
  const [live, setLive] = useState<LineLive>({ status: "loading" });
  useEffect(() => {
    if (!allowed) {
      setLive({ status: "unavailable", message: "your role does not see the live line" });
      return;
    }
    const abort = new AbortController();
    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        abort.signal.addEventListener("abort", () => clearTimeout(t), { once: true });
      });
    let attempt = 0;
    void (async () => {
      while (!abort.signal.aborted) {
        let reason = "the live connection to the server was lost";
        try {
          await api.lineLive(
            lineCode,
            (state) => setLive((prev) => ({ status: "ready", state, andons: openAndons(state), stale: null, received: prev.status === "ready" ? prev.received + 1 : 1 })),
            { signal: abort.signal, onOpen: () => (attempt = 0) },
          );
        } catch (err) {
          if (abort.signal.aborted) return;
          if (err instanceof ApiError && err.unauthorized) {
            dispatch({ type: "session/ended", message: SESSION_ENDED });
            return;
          }
          if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
            setLive({ status: "unavailable", message: err.message });
            return;
          }
          if (err instanceof Error) reason = err.message;
        }
        if (abort.signal.aborted) return;
        attempt++;
        const why = `${reason}; reconnecting`;
        setLive((prev) => (prev.status === "ready" ? { ...prev, stale: why } : { status: "loading" }));
        await sleep(lineBackoffMs(attempt));
      }
    })();
    return () => abort.abort();
  }, [api, lineCode, allowed, dispatch]);
  return live;
}

export const STATE_LABEL: Record<string, string> = { idle: "idle", executing: "working", blocked: "blocked", starved: "starved", faulted: "faulted" };
