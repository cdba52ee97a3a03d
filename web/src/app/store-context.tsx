import { createContext, useContext, useEffect, useMemo, useReducer, useRef, type Dispatch, type ReactNode } from "react";
import { createApiClient, type ApiClient } from "../api";
import { readToken, writeToken } from "../features/auth/token-storage";
import { routeFromHash } from "./route";
import { initialState, reduce, tokenOf, type Action, type State } from "./store";

interface StoreValue {
  readonly state: State;
  readonly dispatch: Dispatch<Action>;
  readonly api: ApiClient;
}

const StoreContext = createContext<StoreValue | null>(null);

export interface StoreProviderProps {
  readonly children: ReactNode;
  /** For tests: start from this state instead of sessionStorage and the location. */
  readonly initial?: State;
  /** For tests: a client that does not touch the network. */
  readonly api?: ApiClient;
}

export function StoreProvider({ children, initial, api: givenApi }: StoreProviderProps): ReactNode {
  const [state, dispatch] = useReducer(reduce, initial, (init) => init ?? initialState(readToken(), currentRoute()));
  const tokenRef = useRef<string | null>(tokenOf(state.session));
  tokenRef.current = tokenOf(state.session);
  const api = useMemo(() => givenApi ?? createApiClient({ getToken: () => tokenRef.current }), [givenApi]);

  // Keep sessionStorage in step with the session (only a checked token is kept).
  const signedInToken = state.session.status === "signed-in" ? state.session.token : null;
  const anonymous = state.session.status === "anonymous";
  useEffect(() => {
    if (signedInToken) writeToken(signedInToken);
    else if (anonymous) writeToken(null);
  }, [signedInToken, anonymous]);

  useEffect(() => {
    const onHash = (): void => dispatch({ type: "navigated", route: currentRoute() });
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const value = useMemo(() => ({ state, dispatch, api }), [state, api]);
  return <StoreContext.Provider value={value}>{children}</StoreContext.Provider>;
}

export function useStore(): StoreValue {
  const value = useContext(StoreContext);
  if (!value) throw new Error("useStore outside StoreProvider");
  return value;
}

function currentRoute(): string {
  return typeof window === "undefined" ? "" : routeFromHash(window.location.hash);
}
