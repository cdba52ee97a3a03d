import type { Me, Site } from "../api";

/** The whole client state. Changed only through `reduce` (dispatch); side effects live in hooks that dispatch. */
export interface State {
  readonly session: Session;
  /** Message shown on the login page: a rejected token (error), an ended session or a sign-out (notice). */
  readonly loginMessage: LoginMessage | null;
  /** Current route (see route.ts), e.g. "line"; "" means the role's first area. */
  readonly route: string;
  readonly plant: Remote<Site>;
  /** Station highlighted on the line diagram. */
  readonly selectedStationId: string | null;
}

export interface LoginMessage {
  readonly kind: "error" | "notice";
  readonly text: string;
}

export type Session =
  | { readonly status: "anonymous" }
  /** `restoring`: the token was kept from earlier in this tab (a reload), not typed just now. */
  | { readonly status: "checking"; readonly token: string; readonly restoring: boolean }
  | { readonly status: "signed-in"; readonly token: string; readonly me: Me };

export type Remote<T> =
  | { readonly status: "idle" }
  | { readonly status: "loading" }
  | { readonly status: "ready"; readonly data: T }
  | { readonly status: "error"; readonly message: string };

export type Action =
  | { readonly type: "login/started"; readonly token: string }
  | { readonly type: "login/succeeded"; readonly token: string; readonly me: Me }
  | { readonly type: "login/failed"; readonly message: string }
  | { readonly type: "session/ended"; readonly message: string }
  | { readonly type: "logout" }
  | { readonly type: "navigated"; readonly route: string }
  | { readonly type: "plant/loading" }
  | { readonly type: "plant/loaded"; readonly site: Site; readonly token: string | null }
  | { readonly type: "plant/failed"; readonly message: string; readonly token: string | null }
  | { readonly type: "plant/reset" }
  | { readonly type: "station/selected"; readonly stationId: string | null };

/** The state at boot: a token kept from earlier in this tab is checked before the shell shows. */
export function initialState(savedToken: string | null, route: string): State {
  return {
    session: savedToken ? { status: "checking", token: savedToken, restoring: true } : { status: "anonymous" },
    loginMessage: null,
    route,
    plant: { status: "idle" },
    selectedStationId: null,
  };
}

const signedOut = (state: State, loginMessage: LoginMessage | null): State => ({
  ...state,
  session: { status: "anonymous" },
  loginMessage,
  // Data of one user must not leak into the next session in the same tab.
  plant: { status: "idle" },
  selectedStationId: null,
});

/** The one way state changes. Pure: same state and action, same result. */
export function reduce(state: State, action: Action): State {
  switch (action.type) {
    case "login/started":
      return { ...state, session: { status: "checking", token: action.token, restoring: false }, loginMessage: null };
    case "login/succeeded":
      return { ...state, session: { status: "signed-in", token: action.token, me: action.me }, loginMessage: null };
    case "login/failed":
      return signedOut(state, { kind: "error", text: action.message });
    case "session/ended":
      return signedOut(state, { kind: "notice", text: action.message });
    case "logout":
      return { ...signedOut(state, { kind: "notice", text: "You are signed out." }), route: "" };
    case "navigated":
      return state.route === action.route ? state : { ...state, route: action.route };
    case "plant/loading":
      return { ...state, plant: { status: "loading" } };
    case "plant/loaded":
      return awaitingPlant(state, action.token) ? { ...state, plant: { status: "ready", data: action.site } } : state;
    case "plant/failed":
      return awaitingPlant(state, action.token) ? { ...state, plant: { status: "error", message: action.message } } : state;
    case "plant/reset":
      return { ...state, plant: { status: "idle" } };
    case "station/selected":
      return { ...state, selectedStationId: action.stationId };
  }
}

// An answer counts only while a load is pending and for the session that asked: a late answer
// after a logout (or for the previous user) is dropped.
const awaitingPlant = (state: State, token: string | null): boolean =>
  state.plant.status === "loading" && tokenOf(state.session) === token;

/** The token to send, if any. */
export function tokenOf(session: Session): string | null {
  return session.status === "anonymous" ? null : session.token;
}
