import { useEffect, useRef, useState } from "react";
import { ApiError, type StreamEvent } from "../../api";
import { useStore } from "../../app/store-context";
import { SESSION_ENDED } from "../../app/use-remote";

export type StreamStatus = "connecting" | "live" | "reconnecting" | "unavailable";

/** Delay before the n-th reconnection attempt: 1 s, 2 s, 4 s … at most 15 s. */
export function backoffMs(attempt: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Follows an order's live stream: reconnects with Last-Event-ID after a drop (the server replays what was missed),
 * ends the session on 401, gives up on 403/404. `onEvent` is called for every event, in order.
 */
export function useOrderStream(orderId: string, onEvent: (event: StreamEvent) => void): StreamStatus {
  const { api, dispatch } = useStore();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  useEffect(() => {
    const abort = new AbortController();
    let lastEventId: string | null = null;
    let attempt = 0;
    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        const t = setTimeout(resolve, ms);
        abort.signal.addEventListener("abort", () => clearTimeout(t), { once: true });
      });
    setStatus("connecting");
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          await api.orderEvents(
            orderId,
            (e) => {
              if (e.id) lastEventId = e.id;
              onEventRef.current(e);
            },
            {
              signal: abort.signal,
              lastEventId,
              onOpen: () => {
                attempt = 0;
                setStatus("live");
              },
            },
          );
        } catch (err) {
          if (abort.signal.aborted) return;
          if (err instanceof ApiError && err.unauthorized) {
            dispatch({ type: "session/ended", message: SESSION_ENDED });
            return;
          }
          if (err instanceof ApiError && (err.status === 403 || err.status === 404)) {
            setStatus("unavailable");
            return;
          }
        }
        if (abort.signal.aborted) return;
        attempt++;
        setStatus("reconnecting");
        await sleep(backoffMs(attempt));
      }
    })();
    return () => abort.abort();
  }, [orderId, api, dispatch]);
  return status;
}
