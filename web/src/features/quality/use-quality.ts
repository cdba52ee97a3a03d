import { useEffect, useState } from "react";
import { useStore } from "../../app/store-context";

/** Reloads every `ms` while mounted (the quality lists are polled: "live" within a few seconds). */
export function usePolling(reload: () => void, ms: number): void {
  useEffect(() => {
    const timer = setInterval(reload, ms);
    return () => clearInterval(timer);
  }, [reload, ms]);
}

/**
 * The inspected image as an object URL: an <img> cannot send the bearer token, so the bytes are
 * fetched through the API client and shown from a blob (revoked when the id changes or on unmount).
 */
export function useInspectionImage(id: string): { url: string | null; failed: boolean } {
  const { api } = useStore();
  const [state, setState] = useState<{ url: string | null; failed: boolean }>({ url: null, failed: false });
  useEffect(() => {
    const abort = new AbortController();
    let url: string | null = null;
    setState({ url: null, failed: false });
    api.inspectionImage(id, abort.signal).then(
      (blob) => {
        if (abort.signal.aborted) return;
        url = URL.createObjectURL(blob);
        setState({ url, failed: false });
      },
      () => {
        if (!abort.signal.aborted) setState({ url: null, failed: true });
      },
    );
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, id]);
  return state;
}

/** A probability as a percentage with one decimal ("97.3 %"). */
export const pct = (p: number): string => `${(p * 100).toFixed(1)} %`;

/** Why a verdict is in the review queue, in words. */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  low_confidence: "low confidence",
  shadow_disagreement: "shadow model disagrees",
  defect_found: "defect found",
  requested: "review requested",
};
