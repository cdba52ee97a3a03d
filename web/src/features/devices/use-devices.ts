import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, type DeadLetter, type DeviceIngest, type OpcuaClientView } from "../../api";
import { useStore } from "../../app/store-context";
import { useApiErrors } from "../../app/use-remote";
import { addSample, EMPTY_WINDOW, olderPage, refreshWindow, type CounterSample, type DeadLetterSource, type DeadLetterWindow } from "./devices-model";

/** The device edge is polled this often (the API has no stream for it). */
export const POLL_MS = 2000;
/** Dead letters per page. */
export const DEAD_LETTER_PAGE = 25;

/**
 * A value polled every `ms`: the last good answer stays on screen when a poll fails, with the error
 * beside it (a server that stops answering must not look like a quiet edge). `denied` on 403: the
 * role may not read it, and polling stops.
 */
export interface Polled<T> {
  readonly data: T | null;
  /** The failure of the last poll, null when it answered. */
  readonly error: string | null;
  readonly denied: boolean;
  /** Browser time of the last good answer, ms. */
  readonly at: number | null;
}

function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, onData: ((data: T, atMs: number) => void) | null, ms: number): Polled<T> {
  const [state, setState] = useState<Polled<T>>({ data: null, error: null, denied: false, at: null });
  const onError = useApiErrors();
  const loadRef = useRef(load);
  loadRef.current = load;
  const onDataRef = useRef(onData);
  onDataRef.current = onData;
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const data = await loadRef.current(abort.signal);
        if (abort.signal.aborted) return;
        const at = Date.now();
        onDataRef.current?.(data, at);
        setState({ data, error: null, denied: false, at });
      } catch (err) {
        if (abort.signal.aborted) return;
        if (err instanceof ApiError && err.status === 403) {
          setState((s) => ({ ...s, denied: true, error: err.message }));
          return;
        }
        const message = onError(err);
        if (message === null) return;
        setState((s) => ({ ...s, error: message }));
      }
      timer = setTimeout(() => void tick(), ms);
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [ms, onError]);
  return state;
}

/** The MQTT edge, polled, with the history of its received and stored counters for the rate chart. */
export function useIngest(ms = POLL_MS): Polled<DeviceIngest> & { readonly samples: readonly CounterSample[] } {
  const { api } = useStore();
  const [samples, setSamples] = useState<readonly CounterSample[]>([]);
  const onData = useCallback((d: DeviceIngest, atMs: number) => {
    if (!d.stats) return;
    const received = d.stats["received"];
    const stored = d.stats["stored"];
    if (typeof received === "number" && typeof stored === "number") setSamples((s) => addSample(s, { atMs, received, stored }));
  }, []);
  const polled = usePoll((signal) => api.deviceIngest(signal), onData, ms);
  return { ...polled, samples };
}

/** The OPC UA client edge, polled. */
export function useOpcua(ms = POLL_MS): Polled<OpcuaClientView> {
  const { api } = useStore();
  return usePoll((signal) => api.deviceOpcua(signal), null, ms);
}

/**
 * The latest dead letters, newest first, followed live (each poll asks for the ones after the newest
 * shown), and older pages on demand.
 */
export function useDeadLetters(ms = POLL_MS): Polled<DeadLetterWindow> & { readonly loadOlder: () => void; readonly loadingOlder: boolean } {
  const { api } = useStore();
  const windowRef = useRef<DeadLetterWindow | null>(null);
  const [older, setOlder] = useState<{ window: DeadLetterWindow | null; loading: boolean; error: string | null }>({ window: null, loading: false, error: null });
  const onError = useApiErrors();
  const pageOf = useCallback(
    (signal?: AbortSignal): DeadLetterSource => ({
      after: async (after: number, limit: number): Promise<readonly DeadLetter[]> => (await api.deadLetters({ after, limit }, signal)).deadLetters,
      newest: async (before: number | undefined, limit: number): Promise<readonly DeadLetter[]> =>
        (await api.deadLetters({ order: "desc", limit, ...(before !== undefined ? { before } : {}) }, signal)).deadLetters,
    }),
    [api],
  );
  const polled = usePoll(
    async (signal) => {
      const next = await refreshWindow(pageOf(signal), windowRef.current ?? EMPTY_WINDOW, DEAD_LETTER_PAGE);
      windowRef.current = next;
      return next;
    },
    null,
    ms,
  );
  // An older page extends the window the polls continue from.
  const shown = older.window && windowRef.current === older.window ? older.window : polled.data;
  const loadOlder = useCallback(() => {
    const w = windowRef.current;
    if (!w) return;
    setOlder({ window: null, loading: true, error: null });
    olderPage(pageOf(), w, DEAD_LETTER_PAGE).then(
      (next) => {
        // Polls that landed meanwhile added newer ones on top: keep those, add the older below.
        const now = windowRef.current ?? w;
        // A flood meanwhile started the window over at the newest page: the older page no longer joins it.
        if (now.items[now.items.length - 1]?.seq !== w.items[w.items.length - 1]?.seq) return setOlder({ window: null, loading: false, error: null });
        const merged: DeadLetterWindow = { ...now, items: [...now.items, ...next.items.slice(w.items.length)], hasOlder: next.hasOlder, skipped: false };
        windowRef.current = merged;
        setOlder({ window: merged, loading: false, error: null });
      },
      (err: unknown) => setOlder({ window: null, loading: false, error: onError(err) }),
    );
  }, [pageOf, onError]);
  return { ...polled, data: shown, error: polled.error ?? older.error, loadOlder, loadingOlder: older.loading };
}
