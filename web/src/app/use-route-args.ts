import { useEffect, useState } from "react";
import { routeArgs } from "./route";

const currentArgs = (): string[] => (typeof window === "undefined" ? [] : routeArgs(window.location.hash));

/** The current route's arguments (see routeArgs), following hash changes. */
export function useRouteArgs(): readonly string[] {
  const [args, setArgs] = useState<string[]>(currentArgs);
  useEffect(() => {
    const onHash = (): void => {
      const next = currentArgs();
      setArgs((prev) => (prev.join("/") === next.join("/") ? prev : next));
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  return args;
}
