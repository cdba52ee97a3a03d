import { useCallback, useEffect, useRef, useState } from "react";
import type { Plan } from "../../api";
import { useApiErrors } from "../../app/use-remote";
import { useStore } from "../../app/store-context";

export type PlanState = { readonly status: "none" } | { readonly status: "loading" } | { readonly status: "ready"; readonly plan: Plan } | { readonly status: "error"; readonly message: string };

/** How often an optimizing plan is polled for progress. */
export const POLL_MS = 400;

/**
 * The plan with this id, polled while it is optimizing (its `progress` grows) until it is proposed.
 * `replace` takes a plan the server answered to a command (release, pull-out, put-back).
 */
export function usePlan(id: string | null): { state: PlanState; replace: (plan: Plan) => void } {
  const { api } = useStore();
  const onError = useApiErrors();
  const [state, setState] = useState<PlanState>({ status: "none" });
  const [generation, setGeneration] = useState(0);
  const idRef = useRef(id);
  idRef.current = id;

  useEffect(() => {
    if (!id) {
      setState({ status: "none" });
      return;
    }
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState((prev) => (prev.status === "ready" && prev.plan.id === id ? prev : { status: "loading" }));
    const load = (): void => {
      api.plan(id, abort.signal).then(
        (plan) => {
          if (abort.signal.aborted) return;
          setState({ status: "ready", plan });
          if (plan.status === "optimizing") timer = setTimeout(load, POLL_MS);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          const message = onError(err);
          if (message !== null) setState({ status: "error", message });
        },
      );
    };
    load();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [id, api, onError, generation]);

  const replace = useCallback((plan: Plan) => {
    if (plan.id !== idRef.current) return;
    setState({ status: "ready", plan });
    // A command can start a re-optimization: poll again if so.
    if (plan.status === "optimizing") setGeneration((g) => g + 1);
  }, []);
  return { state, replace };
}
